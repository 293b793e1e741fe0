package dev.cage.server.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A replicated group as one member sees it: the group's name, which member this node is, and every member with
 * where clients reach it (its main port) and where the other members reach it (its Raft port).
 *
 * @param name    names the group; every member must be given the same one (its Raft group id derives from it)
 * @param self    this node's member id
 * @param members the group's voting members when it is first formed, this one included; or, for a member that
 *                joins, at least this one (the others are learnt from the group). Once formed, the group's
 *                configuration lives in its log and changes by {@code ADMIN_GROUP_MEMBERS}, not by this list.
 * @param snapshotEvery how many log entries between two snapshots (after which the log up to what every member has
 *                committed is purged)
 * @param joining whether this member starts outside the group's configuration, waiting to be added to it by the
 *                leader ({@code cage group add}), rather than as one of its founding voters
 * @param promoteSparesAfter how long a voter may stay silent before the leader replaces it by a spare that is in
 *                touch; {@link Duration#ZERO}: never automatically
 */
public record GroupConfig(String name, String self, List<Member> members, long snapshotEvery, boolean joining,
                          Duration promoteSparesAfter) {
    /** Log entries between two snapshots unless set. */
    public static final long DEFAULT_SNAPSHOT_EVERY = 10_000;
    /** How long a voter may be silent before a spare replaces it, unless set. */
    public static final Duration DEFAULT_PROMOTE_SPARES_AFTER = Duration.ofSeconds(10);

    /** A founding member with the default snapshot interval and spare promotion. */
    public GroupConfig(String name, String self, List<Member> members) {
        this(name, self, members, DEFAULT_SNAPSHOT_EVERY, false, DEFAULT_PROMOTE_SPARES_AFTER);
    }

    public GroupConfig withSnapshotEvery(long entries) {
        return new GroupConfig(name, self, members, entries, joining, promoteSparesAfter);
    }

    /** The same member, starting outside the group's configuration until the leader adds it. */
    public GroupConfig joining(boolean join) {
        return new GroupConfig(name, self, members, snapshotEvery, join, promoteSparesAfter);
    }

    public GroupConfig withPromoteSparesAfter(Duration after) {
        return new GroupConfig(name, self, members, snapshotEvery, joining, after);
    }

    /**
     * One member: its id, its host, its main (client) port and its Raft (member-to-member) port; and whether it is a
     * witness: a voter that keeps the group's log but no files. A witness counts towards a majority, so two members
     * with files and a witness survive the loss of any one of them, and it never serves clients or stays leader.
     */
    public record Member(String id, String host, int port, int raftPort, boolean witness) {
        public Member {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(host, "host");
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("member id '" + id + "' must be 1-32 letters, digits, '-' or '_'");
            }
            checkPort(port, "port of member " + id);
            checkPort(raftPort, "Raft port of member " + id);
        }

        /** A member with files. */
        public Member(String id, String host, int port, int raftPort) {
            this(id, host, port, raftPort, false);
        }

        /** Where clients log in: {@code host:port}. */
        public String clientAddress() {
            return host + ":" + port;
        }

        @Override
        public String toString() {
            return id + "=" + host + ":" + port + ":" + raftPort + (witness ? ":" + WITNESS : "");
        }
    }

    /** What marks a witness in a member's spec: {@code id=host:port:raftPort:witness}. */
    public static final String WITNESS = "witness";

    public GroupConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(self, "self");
        members = List.copyOf(members);
        if (members.stream().map(Member::id).distinct().count() != members.size()) {
            throw new IllegalArgumentException("member ids must be distinct: " + members);
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshots every " + snapshotEvery + " entries: must be at least 1");
        }
        Objects.requireNonNull(promoteSparesAfter, "promoteSparesAfter");
        if (promoteSparesAfter.isNegative()) {
            throw new IllegalArgumentException("spare promotion after " + promoteSparesAfter + ": must not be negative");
        }
        if (members.stream().noneMatch(m -> m.id().equals(self))) {
            throw new IllegalArgumentException("this member '" + self + "' is not among the members " + members);
        }
    }

    /**
     * Refuses to found a group in which every member is a witness: no member would hold the files. (A witness that
     * joins lists only itself; the group it joins has members with files, and keeps one: see MembershipChange.)
     *
     * @throws IllegalArgumentException if this founding member's list holds witnesses alone
     */
    public void requireFilesIfFounding() {
        if (!joining && members.stream().allMatch(Member::witness)) {
            throw new IllegalArgumentException("every member is a witness, so no member would hold the files: " + members);
        }
    }

    /** This node's entry. */
    public Member me() {
        return member(self);
    }

    /** The member with this id, or {@code null}. */
    public Member member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    /**
     * Parses one member, {@code id=host:port:raftPort}.
     *
     * @throws IllegalArgumentException saying what does not parse
     */
    public static Member parseMember(String spec) {
        List<Member> one = parseMembers(spec);
        if (one.size() != 1) {
            throw new IllegalArgumentException("'" + spec + "' is not one member id=host:port:raftPort[:witness]");
        }
        return one.get(0);
    }

    /**
     * Parses {@code id=host:port:raftPort,id=host:port:raftPort,...}; a member followed by {@code :witness} is one.
     *
     * @throws IllegalArgumentException naming the part that does not parse
     */
    public static List<Member> parseMembers(String spec) {
        List<Member> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            String[] addr = eq < 0 ? new String[0] : p.substring(eq + 1).split(":");
            boolean witness = addr.length == 4 && addr[3].equals(WITNESS);
            if (eq <= 0 || addr.length != 3 && !witness) {
                throw new IllegalArgumentException("member '" + p + "' is not id=host:port:raftPort[:witness]");
            }
            try {
                out.add(new Member(p.substring(0, eq), addr[0], Integer.parseInt(addr[1]), Integer.parseInt(addr[2]),
                    witness));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("member '" + p + "' has a port that is not a number");
            }
        }
        return out;
    }

    private static void checkPort(int port, String what) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is out of range");
        }
    }
}
