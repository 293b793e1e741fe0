package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageNodeAdmin;
import dev.cage.protocol.GroupInfo;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.NotLeaderException;
import dev.cage.protocol.OpenMode;
import dev.cage.server.group.GroupConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who belongs to a group, changed while it serves: a node started to join is added as a spare, catches up from the
 * log and keeps up without voting; it is promoted by command, or by the leader when a voter falls silent; a member
 * removed leaves the group. Real nodes in this JVM ({@link TestGroup}).
 */
class GroupMembershipTest {
    @TempDir
    Path tmp;

    @Test
    void aSpare_catchesUpFromTheLog_isPromotedByCommand_andARemovedMemberGetsNoMoreChanges() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3, Duration.ZERO)) {
            int leader = g.awaitLeader();
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0)
                     .responseTimeout(Duration.ofSeconds(20)).build()) {
                byte[] bytes = new byte[300_000];
                new Random(5).nextBytes(bytes);
                write(cage, "before.bin", bytes);

                int spare = g.startJoiner();
                String spareId = g.member(spare).id();
                assertThat(roles(g.node(spare).member().info())).containsEntry(spareId, GroupInfo.OUTSIDE);
                CageNodeAdmin admin = cage.admin("g");
                admin.addMember(spareId, address(g.member(spare)), true);

                // The spare replays the log from the start and applies what comes after, like any member.
                write(cage, "after.txt", "written once the spare was in".getBytes());
                g.awaitApplied();
                assertThat(g.tree(spare)).isEqualTo(g.tree(leader)).containsKeys("before.bin", "after.txt");
                assertThat(roles(admin.group())).containsEntry(spareId, GroupInfo.SPARE)
                    .containsEntry("m" + leader, GroupInfo.LEADER).hasSize(4);
                // It does not serve: a client asking it is sent to the leader.
                try (Cage direct = Cage.builder().server("s", g.memberOnly(spare)).build()) {
                    assertThatThrownBy(() -> direct.create("s", "x.txt")).isInstanceOf(NotLeaderException.class)
                        .hasMessageContaining("m" + leader);
                }

                // Changes that do not fit are refused, naming why; the group is unchanged.
                assertThatThrownBy(() -> admin.addMember(spareId, "127.0.0.1:1:2", true))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("already");
                assertThatThrownBy(() -> admin.addMember("new", address(g.member(leader)), true))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("has one of the addresses");
                assertThatThrownBy(() -> admin.addMember("new", "no-port", true))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("id=host:port:raftPort");
                assertThatThrownBy(() -> admin.promote("m" + leader))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("votes already");
                assertThatThrownBy(() -> admin.removeMember("nobody"))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no member 'nobody'");
                int follower = (leader + 1) % 3;
                try (Cage direct = Cage.builder().server("f", g.memberOnly(follower)).build()) {
                    assertThatThrownBy(() -> direct.admin("f").promote(spareId)).isInstanceOf(NotLeaderException.class)
                        .hasMessageContaining("only the leader");
                }
                assertThat(roles(admin.group())).containsEntry(spareId, GroupInfo.SPARE).hasSize(4);

                admin.promote(spareId);
                assertThat(roles(admin.group())).containsEntry(spareId, GroupInfo.FOLLOWER).hasSize(4);

                admin.removeMember("m" + follower);
                assertThat(roles(admin.group())).doesNotContainKey("m" + follower).hasSize(3);
                g.stopMember(follower);
                write(cage, "last.txt", "after the removal".getBytes());
            }
            g.awaitApplied();
            Map<String, String> tree = g.tree(leader);
            assertThat(tree).containsKey("last.txt");
            for (int i = 0; i < g.size(); i++) {
                if (g.node(i) != null) {
                    assertThat(g.tree(i)).as("member %d", i).isEqualTo(tree);
                }
            }
            assertThat(g.tree((leader + 1) % 3)).doesNotContainKey("last.txt");
        }
    }

    @Test
    void aVoterSilentTooLong_isReplacedByASpare_soTheGroupOutlivesTwoOfItsThreeFirstVoters() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3, Duration.ofSeconds(2))) {
            int leader = g.awaitLeader();
            int spare = g.startJoiner();
            String spareId = g.member(spare).id();
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0)
                     .responseTimeout(Duration.ofSeconds(30)).build()) {
                cage.admin("g").addMember(spareId, address(g.member(spare)), true);
                write(cage, "a.txt", "first".getBytes());
                g.awaitApplied();

                int lost = (leader + 1) % 3;
                g.stopMember(lost);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> roles(g.node(leader).member().info()),
                        r -> GroupInfo.FOLLOWER.equals(r.get(spareId)) && !r.containsKey("m" + lost));

                // Two of the three first voters gone: the leader and the promoted spare are a majority still.
                g.stopMember((leader + 2) % 3);
                write(cage, "b.txt", "acknowledged by the leader and the promoted spare".getBytes());
                assertThat(new String(read(cage, "b.txt"))).isEqualTo("acknowledged by the leader and the promoted spare");
            }
            g.awaitApplied();
            assertThat(g.tree(spare)).isEqualTo(g.tree(leader)).containsKeys("a.txt", "b.txt");
        }
    }

    private static void write(Cage cage, String path, byte[] bytes) throws Exception {
        CageChannel ch = cage.open("g", path, OpenMode.EXCLUSIVE, true);
        cage.write(ch, 0, bytes);
        cage.close(ch);
    }

    private static byte[] read(Cage cage, String path) throws Exception {
        CageChannel ch = cage.open("g", path, OpenMode.SHARED_READ);
        byte[] b = cage.read(ch, 0, 1 << 20);
        cage.close(ch);
        return b;
    }

    private static String address(GroupConfig.Member m) {
        return m.host() + ":" + m.port() + ":" + m.raftPort();
    }

    private static Map<String, String> roles(GroupInfo info) {
        return info.members().stream().collect(Collectors.toMap(GroupInfo.Member::id, GroupInfo.Member::role));
    }
}
