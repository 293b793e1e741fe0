package dev.cage.api;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import java.io.Serializable;

/**
 * Hands out connections to the Cage nodes the connection factory was configured with. Obtain it with
 * {@code @Resource(lookup = "...")}; it is safe to share between threads.
 */
public interface CageConnectionFactory extends Serializable, Referenceable {

    /**
     * A new connection handle, logged in as the factory's configured user. Close it when done (try with
     * resources); inside a transaction the container keeps the work alive until the transaction ends.
     *
     * @throws ResourceException if the pool has no connection to give within its wait time, or the
     *                           adapter cannot reach a node
     */
    CageConnection getConnection() throws ResourceException;

    /**
     * A new connection handle logged in as {@code user}; connections of different users never share a
     * pooled connection.
     *
     * @throws ResourceException as {@link #getConnection()}, or if the credentials are refused
     */
    CageConnection getConnection(String user, String secret) throws ResourceException;
}
