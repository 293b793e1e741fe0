package dev.cage.api;

import java.util.List;

/**
 * What an admin may ask a node about itself, from {@link CageConnection#admin(String)}: its live sessions with
 * their open channels, and its facts and counters. Nothing here changes the node. Users without the admin role
 * get {@link AuthenticationException}. Every call goes through the connection it came from.
 */
public interface CageNodeAdmin {

    /** The node's live sessions, in the order they logged in, each with its open channels (the caller's included). */
    List<SessionInfo> sessions() throws CageException;

    /** The node's facts (version, root, ports, uptime, journal) and counters as of this call. */
    NodeInfo node() throws CageException;
}
