package dev.cage.api;

/**
 * One member of a replicated group, in a {@link GroupInfo}.
 *
 * @param id          its id
 * @param address     where clients log in ({@code host:port})
 * @param raftAddress where the other members reach it ({@code host:port})
 * @param role        {@code LEADER}, {@code FOLLOWER} (a voter that does not lead), {@code WITNESS} (a voter that keeps
 *                    the log but no files), {@code SPARE} (applies the log, does not vote, stands ready to replace a
 *                    lost voter) or {@code OUTSIDE} (the answering member, while it is not in the group's configuration)
 * @param commitIndex the last entry it is known to have committed, {@code -1} if not known
 * @param lag         how many entries it is behind the highest commit index known, {@code -1} if not known
 */
public record GroupMemberInfo(String id, String address, String raftAddress, String role, long commitIndex, long lag) {
}
