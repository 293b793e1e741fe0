package dev.cage.protocol;

import java.util.List;

/**
 * A replicated group as one member sees it ({@code ADMIN_GROUP}). Indexes are Raft log indexes; {@code -1} where the
 * member answering does not know one.
 *
 * @param name        the group's name ({@code ""} for a standalone node, which has no members listed)
 * @param self        the id of the member that answered
 * @param leader      the leader's id as that member knows it ({@code ""} during an election)
 * @param term        the member's current Raft term
 * @param lastApplied the last entry that member has applied to its tree
 * @param members     every member, with what the answering member knows of it
 */
public record GroupInfo(String name, String self, String leader, long term, long lastApplied, List<Member> members) {

    /**
     * One member.
     *
     * @param id          its id
     * @param address     where clients log in ({@code host:port})
     * @param raftAddress where the other members reach it ({@code host:port})
     * @param role        {@link #LEADER}, {@link #FOLLOWER} (a voter that does not lead), {@link #WITNESS} (a voter
     *                    that keeps the log but no files, and does not lead), {@link #SPARE} (receives and applies the
     *                    log, does not vote, stands ready to replace a lost voter) or {@link #OUTSIDE}
     * @param commitIndex the last entry it is known to have committed, {@code -1} if not known
     */
    public record Member(String id, String address, String raftAddress, String role, long commitIndex) {
    }

    public static final String LEADER = "LEADER";
    public static final String FOLLOWER = "FOLLOWER";
    public static final String WITNESS = "WITNESS";
    public static final String SPARE = "SPARE";
    /** The answering member itself, when it is not in the group's configuration: joining, or removed. */
    public static final String OUTSIDE = "OUTSIDE";

    public GroupInfo {
        members = List.copyOf(members);
    }

    /** A standalone node's answer: no group. */
    public static GroupInfo none() {
        return new GroupInfo("", "", "", 0, -1, List.of());
    }

    /** The highest commit index any member is known to have (the leader's, once it has reported). */
    public long commitIndex() {
        return members.stream().mapToLong(Member::commitIndex).max().orElse(-1);
    }
}
