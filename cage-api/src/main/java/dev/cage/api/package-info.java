/**
 * What Jakarta EE applications use to reach Cage through the resource adapter: inject a
 * {@link dev.cage.api.CageConnectionFactory} with {@code @Resource}, get a {@link dev.cage.api.CageConnection},
 * open {@link dev.cage.api.CageFile}s and read and write them. Inside a JTA transaction, writes and truncates
 * are staged and become visible to others only when the transaction commits; outside one, the connection
 * behaves as the plain {@code dev.cage.client.Cage} client does.
 *
 * <p>Applications depend on this jar with scope {@code provided}: the deployed {@code cage-rar.rar} brings
 * the classes at run time. Value and exception types are those of {@code cage-client}
 * ({@code dev.cage.protocol.FileInfo}, {@code OpenMode}, {@code CageException} and its subclasses).
 */
package dev.cage.api;
