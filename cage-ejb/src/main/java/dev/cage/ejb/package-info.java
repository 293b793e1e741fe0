/**
 * Enterprise beans over the Cage resource adapter: administration, journal queries and hosting a node inside the
 * application server. They reach nodes only through an injected {@code dev.cage.api.CageConnectionFactory}
 * (the reference {@code java:comp/env/cage/factory}; by default it looks up the global {@code cage/factory} that the
 * post-boot command file creates, and an application's descriptor can point it at its own factory, see the README),
 * never through {@code dev.cage.client} directly: they use only {@code dev.cage.api} from Cage (its values and
 * exceptions included), which {@code ArchitectureTest} checks.
 */
package dev.cage.ejb;
