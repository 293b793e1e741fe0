package dev.cage.ejb;

import dev.cage.api.CacheStats;
import dev.cage.api.CageConnection;
import dev.cage.api.CageConnectionFactory;
import dev.cage.api.CageJournal;
import dev.cage.api.JournalEntryInfo;
import dev.cage.api.NodeInfo;
import dev.cage.api.NodeStats;
import dev.cage.api.SessionInfo;
import dev.cage.api.TierStats;
import dev.cage.api.UserInfo;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Instant;
import java.util.List;

/**
 * Administration of the Cage nodes behind the application's connection factory: their facts and counters,
 * live sessions with their open files, the adapter's page cache, and each node's journal (history and
 * rollback of a file). The factory's user needs the admin role on the nodes. Nothing here is transactional:
 * the node applies a rollback at once.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CageAdmin {
    /**
     * The connection factory the beans use, both as the name of their reference ({@code java:comp/env/cage/factory})
     * and as its default lookup: a server set up with the post-boot command file defines the connector resource
     * under this global name. An application that defines its own factory points the reference elsewhere with a
     * {@code resource-ref} of this name and a {@code lookup-name} in its deployment descriptor (see cage-example).
     */
    public static final String FACTORY = "cage/factory";

    @Resource(name = FACTORY, lookup = FACTORY)
    private CageConnectionFactory factory;

    /** Server names of the connection factory, in configuration order. */
    public List<String> servers() throws CageAdminException {
        return with(c -> c.servers());
    }

    public NodeInfo node(String server) throws CageAdminException {
        return with(c -> c.admin(server).node());
    }

    /** The replicated group the node is a member of, as it sees it; a standalone node's has no name and no members. */
    public dev.cage.api.GroupInfo group(String server) throws CageAdminException {
        return with(c -> c.admin(server).group());
    }

    /** The node's requests by kind, their latencies and its journal's records since it started. */
    public NodeStats stats(String server) throws CageAdminException {
        return with(c -> c.admin(server).stats());
    }

    public List<SessionInfo> sessions(String server) throws CageAdminException {
        return with(c -> c.admin(server).sessions());
    }

    /** Ends a live session of a node; its client's next call fails with {@code SessionEndedException}. */
    public void endSession(String server, long sessionId, String reason) throws CageAdminException {
        with(c -> {
            c.admin(server).endSession(sessionId, reason);
            return null;
        });
    }

    public List<UserInfo> users(String server) throws CageAdminException {
        return with(c -> c.admin(server).users());
    }

    /** Adds a user or gives it a new secret and role (enabled); returns the secret, which is shown once. */
    public String putUser(String server, String name, boolean admin) throws CageAdminException {
        return with(c -> c.admin(server).putUser(name, admin));
    }

    /** Enables a user, or disables it and ends its live sessions. */
    public void setUserEnabled(String server, String name, boolean enabled) throws CageAdminException {
        with(c -> {
            c.admin(server).setUserEnabled(name, enabled);
            return null;
        });
    }

    /** Counters of the adapter's page cache for the factory's configuration. */
    public CacheStats cacheStats() throws CageAdminException {
        return with(CageConnection::cacheStats);
    }

    /**
     * Where the adapter's client for the factory's configuration got its pages: local hits, cluster hits (with
     * {@code sharedCache=true}), server reads, and the shared tier's counters on this member.
     */
    public TierStats tierStats() throws CageAdminException {
        return with(CageConnection::tierStats);
    }

    /** Journal entries under {@code pathPrefix} between two instants, oldest first (no data bytes). */
    public List<JournalEntryInfo> history(String server, String pathPrefix, Instant from, Instant to) throws CageAdminException {
        return with(c -> c.journal(server).list(pathPrefix, from, to));
    }

    /** A file's bytes as they were at an instant ({@code null} if it did not exist then); see {@code CageJournal}. */
    public byte[] readAsOf(String server, String path, Instant at, int maxBytes) throws CageAdminException {
        return with(c -> c.journal(server).readAsOf(path, at, maxBytes).orElse(null));
    }

    public CageJournal.Summary journalStats(String server) throws CageAdminException {
        return with(c -> c.journal(server).stats());
    }

    /**
     * Rolls a file (or with {@code subtree}, a directory and everything under it) back to its state at
     * {@code to}.
     *
     * @return the number of journal entries undone
     */
    public int rollback(String server, String path, boolean subtree, Instant to) throws CageAdminException {
        return with(c -> c.journal(server).rollback(path, subtree, to));
    }

    private <T> T with(Connections.Work<T> work) throws CageAdminException {
        return Connections.with(factory, work);
    }
}
