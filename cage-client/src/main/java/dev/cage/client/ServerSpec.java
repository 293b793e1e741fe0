package dev.cage.client;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where a named server is and how to log in to it.
 *
 * @param host        host name or address
 * @param port        the node's main (authentication) port
 * @param user        user name
 * @param secret      the user's secret; it never leaves this process (SCRAM-SHA-256)
 * @param tlsTrust    PEM certificate(s) to trust for TLS, or {@code null} for a plain connection
 * @param others      for a replicated group: the other members' main ports as {@code host:port}, tried in turn when
 *                    the one in use is not the group's leader or cannot be reached (empty for a standalone node)
 * @param followerReads for a replicated group: read at the member logged in to even when it does not lead (see
 *                    {@link #withFollowerReads()})
 * @param followsGroup for a replicated group: add the members a login names to {@code others}, so that one member's
 *                    address is enough to find the leader and follow it (true unless {@link #alone()})
 */
public record ServerSpec(String host, int port, String user, char[] secret, Path tlsTrust, List<String> others,
                         boolean followerReads, boolean followsGroup) {
    public ServerSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        secret = secret.clone();
        others = List.copyOf(others);
        for (String o : others) {
            int colon = o.lastIndexOf(':');
            if (colon <= 0 || !o.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("group member '" + o + "' is not host:port");
            }
        }
    }

    public ServerSpec(String host, int port, String user, char[] secret, Path tlsTrust, List<String> others,
                      boolean followerReads) {
        this(host, port, user, secret, tlsTrust, others, followerReads, true);
    }

    public ServerSpec(String host, int port, String user, char[] secret, Path tlsTrust, List<String> others) {
        this(host, port, user, secret, tlsTrust, others, false);
    }

    public ServerSpec(String host, int port, String user, char[] secret, Path tlsTrust) {
        this(host, port, user, secret, tlsTrust, List.of());
    }

    public ServerSpec(String host, int port, String user, String secret) {
        this(host, port, user, secret.toCharArray(), null);
    }

    /** The same server over TLS, trusting the given PEM certificate(s). */
    public ServerSpec withTls(Path trust) {
        return new ServerSpec(host, port, user, secret, trust, others, followerReads, followsGroup);
    }

    /** The same login to a replicated group whose other members are at {@code hostPorts} ({@code host:port} each). */
    public ServerSpec withGroup(List<String> hostPorts) {
        return new ServerSpec(host, port, user, secret, tlsTrust, hostPorts, followerReads, followsGroup);
    }

    /**
     * The same login, reading at the group member it is on (the first that answers, this one first) whether or not
     * that member leads: a read there first waits until the member has applied every change the leader had committed
     * when the read arrived (Ratis's read index), so it is as fresh as a read at the leader, and the leader does not
     * serve it. For reading only: the member opens files for reading only (no sharing mode is held against the
     * leader's openers), changes are refused with {@link dev.cage.protocol.NotLeaderException}, and a read-only
     * channel reads through the client's page cache only after asking the member for the file's version (a member
     * that does not lead cannot hold an acknowledgement back until this client dropped old pages). A member that does not answer is left for the next, as for any group login.
     */
    public ServerSpec withFollowerReads() {
        return new ServerSpec(host, port, user, secret, tlsTrust, others, true, followsGroup);
    }

    /**
     * The same login to this address only: the client does not add the group members a login names, so it never
     * moves to another member, and a change asked of a member that does not lead fails with
     * {@link dev.cage.protocol.NotLeaderException}. For talking to one member of a group (its status, its admin).
     */
    public ServerSpec alone() {
        return new ServerSpec(host, port, user, secret, tlsTrust, List.of(), followerReads, false);
    }

    /** Every address to try, this one first. */
    List<java.net.InetSocketAddress> addresses() {
        List<java.net.InetSocketAddress> all = new java.util.ArrayList<>();
        all.add(java.net.InetSocketAddress.createUnresolved(host, port));
        for (String o : others) {
            int colon = o.lastIndexOf(':');
            all.add(java.net.InetSocketAddress.createUnresolved(o.substring(0, colon), Integer.parseInt(o.substring(colon + 1))));
        }
        return all;
    }

    @Override
    public char[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerSpec s && s.host.equals(host) && s.port == port && s.user.equals(user)
            && Arrays.equals(s.secret, secret) && Objects.equals(s.tlsTrust, tlsTrust) && s.others.equals(others)
            && s.followerReads == followerReads && s.followsGroup == followsGroup;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, user);
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + (others.isEmpty() ? "" : " (group with " + String.join(", ", others) + ")")
            + (tlsTrust != null ? " (TLS)" : "") + (followerReads ? " (follower reads)" : "")
            + (followsGroup ? "" : " (this member alone)");
    }
}
