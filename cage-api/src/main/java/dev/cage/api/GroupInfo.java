package dev.cage.api;

import java.util.List;

/**
 * A replicated group as one of its members sees it, from {@link CageNodeAdmin#group()}. Indexes are Raft log
 * indexes; {@code -1} where the member answering does not know one.
 *
 * @param name        the group's name; {@code ""} for a standalone node, which lists no members
 * @param self        the id of the member that answered
 * @param leader      the leader's id as that member knows it ({@code ""} during an election)
 * @param term        the member's current Raft term
 * @param lastApplied the last entry that member has applied to its tree
 * @param members     every member, with what the answering member knows of it
 */
public record GroupInfo(String name, String self, String leader, long term, long lastApplied,
                        List<GroupMemberInfo> members) {

    public GroupInfo {
        members = List.copyOf(members);
    }

    /** Whether the node is a member of a replicated group (else it stands alone). */
    public boolean replicated() {
        return !name.isEmpty();
    }

    /** The highest commit index any member is known to have (the leader's, once it has reported). */
    public long commitIndex() {
        return members.stream().mapToLong(GroupMemberInfo::commitIndex).max().orElse(-1);
    }
}
