package dev.cage.adapter;

import dev.cage.server.TestNode;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A managed connection factory configured for a test node, and a listener that records connection events. */
final class AdapterFixture {
    private AdapterFixture() {
    }

    static CageManagedConnectionFactory factory(TestNode node) {
        CageManagedConnectionFactory f = new CageManagedConnectionFactory();
        f.setServers("main=127.0.0.1:" + node.port());
        f.setUser("admin");
        f.setSecret(node.secret());
        f.setPageSize(4096);
        f.setPageCount(64);
        f.setResponseTimeoutMillis(2_000L);
        return f;
    }

    static CageManagedConnection managed(CageManagedConnectionFactory f) throws ResourceException {
        return (CageManagedConnection) f.createManagedConnection(null, null);
    }

    static CageConnectionImpl handle(CageManagedConnection mc) throws ResourceException {
        return (CageConnectionImpl) mc.getConnection(null, null);
    }

    /** Records the events a managed connection fires, as the container's pool would hear them. */
    static final class Events implements ConnectionEventListener {
        final List<ConnectionEvent> seen = new CopyOnWriteArrayList<>();

        List<Integer> ids() {
            return seen.stream().map(ConnectionEvent::getId).toList();
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            seen.add(event);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            seen.add(event);
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            seen.add(event);
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            seen.add(event);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            seen.add(event);
        }
    }
}
