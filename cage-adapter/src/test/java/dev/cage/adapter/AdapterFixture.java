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
    /** Another client writes one byte of {@code doc.bin}; acknowledged once every other client has heard of it. */
    static void anotherClientWrites(dev.cage.client.Cage observer, long offset, byte value) throws Exception {
        dev.cage.client.CageChannel ch = observer.open("main", "doc.bin", dev.cage.protocol.OpenMode.SHARED_WRITE);
        try {
            observer.write(ch, offset, new byte[] {value});
        } finally {
            observer.close(ch);
        }
    }

    /** The first 8 bytes of {@code doc.bin} as another client reads them. */
    static byte[] observed(dev.cage.client.Cage observer) throws Exception {
        dev.cage.client.CageChannel ch = observer.open("main", "doc.bin", dev.cage.protocol.OpenMode.SHARED_READ);
        try {
            return observer.read(ch, 0, 8);
        } finally {
            observer.close(ch);
        }
    }

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
