/**
 * The JCA 2.1 outbound resource adapter over the plain {@code Cage} client.
 *
 * <p>Who owns what: the {@link dev.cage.adapter.CageResourceAdapter} owns the physical clients (one
 * {@code Cage}, with its sessions and page cache, per distinct configuration and user) from {@code start} to
 * {@code stop}. A {@link dev.cage.adapter.CageManagedConnection} is a pooled unit of work over one of those
 * clients: the files opened through it and its transaction branches. Handles
 * ({@link dev.cage.adapter.CageConnectionImpl}) are what applications hold; the container creates, re-points
 * and cleans them up as the spec says.
 */
package dev.cage.adapter;
