package dev.cage.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.message.GroupMembersRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How members are written on the command line, witnesses included, and which groups and changes of membership are
 * refused.
 */
class GroupConfigTest {
    @Test
    void membersParse_aWitnessMarkedAsSuch_andPrintAsTheyParse() {
        String spec = "m0=127.0.0.1:7070:7072,m1=10.0.0.2:7070:7072,w=10.0.0.3:7070:7072:witness";
        List<GroupConfig.Member> members = GroupConfig.parseMembers(spec);

        assertThat(members).extracting(GroupConfig.Member::id, GroupConfig.Member::witness)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("m0", false),
                org.assertj.core.groups.Tuple.tuple("m1", false), org.assertj.core.groups.Tuple.tuple("w", true));
        assertThat(members.get(2).clientAddress()).isEqualTo("10.0.0.3:7070");
        assertThat(String.join(",", members.stream().map(GroupConfig.Member::toString).toList())).isEqualTo(spec);
    }

    @Test
    void aMemberSpec_withAnythingButWitnessAfterItsPorts_isRefused_namingTheForm() {
        assertThatThrownBy(() -> GroupConfig.parseMembers("m0=h:1:2:spare"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id=host:port:raftPort[:witness]");
        assertThatThrownBy(() -> GroupConfig.parseMembers("m0=h:1:2:witness:x"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id=host:port:raftPort[:witness]");
    }

    @Test
    void aGroupOfWitnessesAlone_isRefused_butAWitnessMayJoinARunningGroup() {
        List<GroupConfig.Member> witnesses = GroupConfig.parseMembers("a=h:1:2:witness,b=h:3:4:witness");
        assertThatThrownBy(() -> new GroupConfig("g", "a", witnesses).requireFilesIfFounding())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every member is a witness");

        GroupConfig joiner = new GroupConfig("g", "w", GroupConfig.parseMembers("w=h:1:2:witness")).joining(true);
        joiner.requireFilesIfFounding();
        assertThat(joiner.me().witness()).isTrue();
    }

    @Test
    void aWitnessIsAddedAsAVoterOnly_andTheLastMemberWithFilesStays() throws Exception {
        List<GroupConfig.Member> voters = GroupConfig.parseMembers("m0=h:1:2,m1=h:3:4");
        MembershipChange added = MembershipChange.of(voters, List.of(),
            new GroupMembersRequest(GroupMembersRequest.Action.ADD_VOTER, "w", "h:5:6:witness"));
        assertThat(added.voters()).extracting(GroupConfig.Member::id, GroupConfig.Member::witness)
            .containsExactly(tuple("m0", false), tuple("m1", false), tuple("w", true));

        assertThatThrownBy(() -> MembershipChange.of(voters, List.of(),
            new GroupMembersRequest(GroupMembersRequest.Action.ADD_SPARE, "w", "h:5:6:witness")))
            .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("add 'w' as a voter");

        List<GroupConfig.Member> oneWithFiles = GroupConfig.parseMembers("m0=h:1:2,w=h:5:6:witness");
        assertThatThrownBy(() -> MembershipChange.of(oneWithFiles, List.of(),
            new GroupMembersRequest(GroupMembersRequest.Action.REMOVE, "m0", "")))
            .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("last member with files");
        assertThat(MembershipChange.of(oneWithFiles, List.of(),
            new GroupMembersRequest(GroupMembersRequest.Action.REMOVE, "w", "")).voters())
            .extracting(GroupConfig.Member::id).containsExactly("m0");
    }
}
