package dev.cage.adapter;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.CageException;
import jakarta.resource.ResourceException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides which physical {@link Cage} a connection uses: equal configs share one client (and its
 * page cache), different ones never do.
 *
 * @param servers         server name to "host:port", in configuration order
 * @param user            the user every server is logged in as
 * @param secret          that user's secret
 * @param pageSize        page cache page size in bytes
 * @param pageCount       pages in the cache; 0 turns it off
 * @param responseTimeout how long a call may wait for its answer
 * @param sharedCache     whether pages are shared through Payara's data grid ({@link PayaraGrid})
 */
record ClientConfig(Map<String, String> servers, String user, String secret, int pageSize, int pageCount,
                    Duration responseTimeout, boolean sharedCache) {

    ClientConfig {
        // In configuration order: the first server is the one an application that names none uses (DocumentStore).
        servers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(servers));
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
    }

    /**
     * Parses the {@code servers} property: {@code name=host:port} entries separated by commas.
     *
     * @throws IllegalArgumentException naming the entry that does not parse
     */
    static Map<String, String> parseServers(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the servers property is empty; expected name=host:port[,name=host:port...]");
        }
        Map<String, String> servers = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            int colon = e.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == e.length() - 1) {
                throw new IllegalArgumentException("servers entry '" + e + "' is not name=host:port");
            }
            port(e.substring(colon + 1), e);
            if (servers.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("server name '" + e.substring(0, eq).trim() + "' appears twice in servers");
            }
        }
        return servers;
    }

    private static int port(String text, String entry) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("servers entry '" + entry + "' has no valid port");
    }

    /** The same configuration logged in as another user. */
    ClientConfig as(String otherUser, String otherSecret) {
        return new ClientConfig(servers, otherUser, otherSecret, pageSize, pageCount, responseTimeout, sharedCache);
    }

    /**
     * A new client for this configuration; it connects on first use.
     *
     * @throws ResourceException with {@code sharedCache}, when Payara's data grid member is not there
     */
    Cage newClient() throws CageException, ResourceException {
        Cage.Builder b = Cage.builder().name("cage-rar:" + user).pageSize(pageSize).pageCount(pageCount)
            .responseTimeout(responseTimeout);
        servers.forEach((name, address) -> {
            int colon = address.lastIndexOf(':');
            b.server(name, new ServerSpec(address.substring(0, colon), port(address.substring(colon + 1), address), user, secret));
        });
        if (sharedCache) {
            shareThroughPayara(b);
        }
        return b.build();
    }

    /** Kept apart so that {@link PayaraGrid}, and with it Hazelcast, is loaded only for {@code sharedCache=true}. */
    private static void shareThroughPayara(Cage.Builder b) throws ResourceException {
        try {
            PayaraGrid.share(b);
        } catch (LinkageError e) {
            throw new ResourceException("sharedCache=true needs Hazelcast and Payara's data grid member at JNDI name '"
                + "payara/Hazelcast', but the Hazelcast classes are not visible to the adapter (" + e + ")", e);
        }
    }

    @Override
    public String toString() { // never the secret
        return "ClientConfig[servers=" + servers + ", user=" + user + ", pageSize=" + pageSize + ", pageCount=" + pageCount
            + ", responseTimeout=" + responseTimeout + ", sharedCache=" + sharedCache + "]";
    }
}
