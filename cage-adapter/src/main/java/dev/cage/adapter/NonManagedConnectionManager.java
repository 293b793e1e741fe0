package dev.cage.adapter;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The connection manager used outside an application server (the spec's "non-managed" mode): every
 * connection gets a managed connection of its own, with no pool and no transactions but local ones.
 */
final class NonManagedConnectionManager implements ConnectionManager {
    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
        return mcf.createManagedConnection(null, info).getConnection(null, info);
    }
}
