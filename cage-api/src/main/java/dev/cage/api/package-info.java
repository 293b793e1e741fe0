/**
 * What Jakarta EE applications use to reach Cage through the resource adapter: inject a
 * {@link dev.cage.api.CageConnectionFactory} with {@code @Resource}, get a {@link dev.cage.api.CageConnection},
 * open {@link dev.cage.api.CageFile}s and read and write them. Inside a JTA transaction, writes and truncates
 * are staged and become visible to others only when the transaction commits; outside one, the connection
 * behaves as the plain {@code dev.cage.client.Cage} client does.
 *
 * <p>Applications depend on this jar with scope {@code provided}: the deployed {@code cage-rar.rar} brings
 * the classes at run time. The package is self-contained: its value types ({@link dev.cage.api.FileInfo},
 * {@link dev.cage.api.OpenMode}, {@link dev.cage.api.CacheStats}, {@link dev.cage.api.TierStats}, the journal's
 * and node administration's records) and its checked {@link dev.cage.api.CageException} with one subclass per
 * kind of failure are its own, so nothing of the wire protocol, the client, Netty or Caffeine reaches an
 * application's compile path. Each exception carries the node's stable status code and its name; the adapter's
 * exception from the client is its cause.
 */
package dev.cage.api;
