package dev.cage.adapter;

import dev.cage.api.CageConnection;
import dev.cage.api.CageConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import javax.naming.Reference;

/** The factory applications get by {@code @Resource}: every connection comes through the container's pool. */
public class CageConnectionFactoryImpl implements CageConnectionFactory {
    private static final long serialVersionUID = 1L;

    private final CageManagedConnectionFactory mcf;
    private final ConnectionManager manager;
    private Reference reference;

    CageConnectionFactoryImpl(CageManagedConnectionFactory mcf, ConnectionManager manager) {
        this.mcf = mcf;
        this.manager = manager;
    }

    @Override
    public CageConnection getConnection() throws ResourceException {
        return (CageConnection) manager.allocateConnection(mcf, null);
    }

    @Override
    public CageConnection getConnection(String user, String secret) throws ResourceException {
        return (CageConnection) manager.allocateConnection(mcf, new CageConnectionRequestInfo(user, secret));
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
