package dev.cage.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How members are written on the command line, witnesses included, and which groups are refused. */
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
    void aGroupOfWitnessesAlone_orAWitnessJoiningLater_isRefused() {
        List<GroupConfig.Member> witnesses = GroupConfig.parseMembers("a=h:1:2:witness,b=h:3:4:witness");
        assertThatThrownBy(() -> new GroupConfig("g", "a", witnesses))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every member is a witness");

        assertThatThrownBy(() -> new GroupConfig("g", "w", GroupConfig.parseMembers("m=h:5:6,w=h:1:2:witness"))
            .joining(true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot join");
    }
}
