package dev.cage.api;

import java.util.List;

/**
 * What an admin may ask a node about itself, from {@link CageConnection#admin(String)}: its live sessions with
 * their open channels, its facts and counters, its requests by kind with their latencies, its users, and its
 * replicated group; and what it
 * may change: end another session, add, re-secret, disable or enable a user. Users without the admin role get
 * {@link AuthenticationException}. Every call goes through the connection it came from.
 */
public interface CageNodeAdmin {

    /** The node's live sessions, in the order they logged in, each with its open channels (the caller's included). */
    List<SessionInfo> sessions() throws CageException;

    /** The node's requests by kind, their latencies and its journal's records since it started. */
    NodeStats stats() throws CageException;

    /** The node's users, by name. */
    List<UserInfo> users() throws CageException;

    /**
     * Adds a user, or gives an existing one a new secret and this role, and enables it; returns the new secret (made
     * by the node, kept by it only as SCRAM keys).
     */
    String putUser(String name, boolean admin) throws CageException;

    /** Lets a user log in again, or no longer: disabling also ends its live sessions. */
    void setUserEnabled(String name, boolean enabled) throws CageException;

    /**
     * Ends another live session: its client's next call fails with {@link SessionEndedException} naming this user and
     * {@code reason}, and its open channels are closed.
     *
     * @throws CageFileNotFoundException if no live session has this id
     * @throws InvalidArgumentException if it is this connection's own session
     */
    void endSession(long sessionId, String reason) throws CageException;

    /** The node's facts (version, root, ports, uptime, journal) and counters as of this call. */
    NodeInfo node() throws CageException;

    /**
     * The replicated group the node is a member of, as it sees it (leader, term, every member's role, commit index and
     * lag); a standalone node answers with an empty name and no members.
     */
    GroupInfo group() throws CageException;
}
