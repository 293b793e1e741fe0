/**
 * Enterprise beans over the Cage resource adapter: administration, journal queries and hosting a node inside the
 * application server. They reach nodes only through an injected {@code dev.cage.api.CageConnectionFactory}
 * ({@code @Resource(lookup = "cage/factory")} when the server was set up with the post-boot command file, see the
 * README), never through {@code dev.cage.client} directly.
 */
package dev.cage.ejb;
