package dev.cage.server.group;

import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.message.GroupMembersRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A change of a group's configuration: its voters and spares before, and after. Made from the configuration the
 * leader sees, so that the group takes it only if that is still the configuration (Ratis's compare-and-set).
 */
record MembershipChange(List<GroupConfig.Member> votersBefore, List<GroupConfig.Member> sparesBefore,
                        List<GroupConfig.Member> voters, List<GroupConfig.Member> spares) {

    MembershipChange {
        votersBefore = List.copyOf(votersBefore);
        sparesBefore = List.copyOf(sparesBefore);
        voters = List.copyOf(voters);
        spares = List.copyOf(spares);
    }

    /**
     * The configuration {@code request} asks for, from the current one.
     *
     * @throws InvalidArgumentException if it does not fit: a member id or address already in the group, an unknown
     *     member, a voter promoted, the last voter or the last member with files removed, an address that does
     *     not parse, a witness added as a spare
     */
    static MembershipChange of(List<GroupConfig.Member> voters, List<GroupConfig.Member> spares,
                               GroupMembersRequest request) throws InvalidArgumentException {
        String id = request.member();
        List<GroupConfig.Member> v = new ArrayList<>(voters);
        List<GroupConfig.Member> s = new ArrayList<>(spares);
        switch (request.action()) {
            case ADD_VOTER, ADD_SPARE -> {
                GroupConfig.Member added = parse(id, request.address());
                if (added.witness() && request.action() == GroupMembersRequest.Action.ADD_SPARE) {
                    throw new InvalidArgumentException("a witness keeps no files, and a spare stands ready to vote"
                        + " in place of a lost member with its tree: add '" + id + "' as a voter");
                }
                for (GroupConfig.Member m : (Iterable<GroupConfig.Member>) Stream.concat(v.stream(), s.stream())::iterator) {
                    if (m.id().equals(id)) {
                        throw new InvalidArgumentException("the group has a member '" + id + "' already: " + m);
                    }
                    if (m.host().equals(added.host()) && (m.raftPort() == added.raftPort() || m.port() == added.port())) {
                        throw new InvalidArgumentException("member " + m + " has one of the addresses of " + added);
                    }
                }
                (request.action() == GroupMembersRequest.Action.ADD_VOTER ? v : s).add(added);
            }
            case PROMOTE -> {
                GroupConfig.Member spare = find(s, id);
                if (spare == null) {
                    throw new InvalidArgumentException(find(v, id) != null ? "member '" + id + "' votes already"
                        : "no spare '" + id + "' in the group; its spares: " + ids(s));
                }
                s.remove(spare);
                v.add(spare);
            }
            case REMOVE -> {
                GroupConfig.Member m = find(v, id);
                if (m != null && v.size() == 1) {
                    throw new InvalidArgumentException("member '" + id + "' is the group's last voter");
                }
                if (m == null && (m = find(s, id)) == null) {
                    throw new InvalidArgumentException("no member '" + id + "' in the group; its members: "
                        + ids(v) + ", spares: " + ids(s));
                }
                v.remove(m);
                s.remove(m);
                if (!m.witness() && Stream.concat(v.stream(), s.stream()).allMatch(GroupConfig.Member::witness)) {
                    throw new InvalidArgumentException("member '" + id + "' is the group's last member with files");
                }
            }
        }
        return new MembershipChange(voters, spares, v, s);
    }

    /** Voter {@code lost} replaced by spare {@code spare}. */
    static MembershipChange replace(List<GroupConfig.Member> voters, List<GroupConfig.Member> spares,
                                    GroupConfig.Member lost, GroupConfig.Member spare) {
        List<GroupConfig.Member> v = new ArrayList<>(voters);
        List<GroupConfig.Member> s = new ArrayList<>(spares);
        v.set(v.indexOf(lost), spare);
        s.remove(spare);
        return new MembershipChange(voters, spares, v, s);
    }

    private static GroupConfig.Member parse(String id, String address) throws InvalidArgumentException {
        try {
            return GroupConfig.parseMember(id + "=" + address);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    private static GroupConfig.Member find(List<GroupConfig.Member> in, String id) {
        return in.stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    private static List<String> ids(List<GroupConfig.Member> in) {
        return in.stream().map(GroupConfig.Member::id).toList();
    }

    @Override
    public String toString() {
        return "voters " + ids(voters) + ", spares " + ids(spares);
    }
}
