package dev.cage.adapter;

import dev.cage.client.Cage;
import dev.cage.protocol.CageException;
import jakarta.resource.ResourceException;
import java.util.HashMap;
import java.util.Map;

/**
 * The physical clients of one resource adapter: one {@link Cage} per distinct {@link ClientConfig}, built on
 * first use and closed together when the adapter stops. Thread-safe (one monitor; building a client makes no
 * connection, so the monitor is never held across the network).
 */
final class Clients {
    private final Map<ClientConfig, Cage> clients = new HashMap<>();
    private boolean stopped;

    synchronized Cage get(ClientConfig config) throws CageException, ResourceException {
        if (stopped) {
            throw new IllegalStateException("the Cage resource adapter has stopped");
        }
        Cage c = clients.get(config);
        if (c == null) {
            c = config.newClient();
            clients.put(config, c);
        }
        return c;
    }

    synchronized int size() {
        return clients.size();
    }

    /** Closes every client: dirty cached pages are pushed, files closed, sessions ended. */
    synchronized void closeAll() {
        stopped = true;
        clients.values().forEach(Cage::close);
        clients.clear();
    }
}
