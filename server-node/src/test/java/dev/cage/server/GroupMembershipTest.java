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
                assertThatThrownBy(() -> admin.addMember("w", "127.0.0.1:1:2:witness", true))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("add 'w' as a voter");
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

    @Test
    void aReplacedVoterAddedAgainAsASpare_runsAsOne_soItWaitsOutALeaderlessSpell_andFollowsAgain() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3, Duration.ofSeconds(2))) {
            int leader = g.awaitLeader();
            int spare = g.startJoiner();
            int lost = (leader + 1) % 3;
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0)
                     .responseTimeout(Duration.ofSeconds(30)).build()) {
                cage.admin("g").addMember(g.member(spare).id(), address(g.member(spare)), true);
                write(cage, "a.txt", "first".getBytes());
                g.stopMember(lost);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> roles(g.node(leader).member().info()), r -> !r.containsKey("m" + lost));
                write(cage, "b.txt", "while it was away".getBytes());

                // It comes back believing it votes (its log ends before it was replaced), and is added as a spare.
                g.startMember(lost);
                cage.admin("g").addMember("m" + lost, address(g.member(lost)), true);
                write(cage, "c.txt", "after it was added again".getBytes());
                await("the returned member running as a spare").atMost(Duration.ofSeconds(30))
                    .until(() -> g.node(lost).member().status().role(), "LISTENER"::equals);
            }
            // Both other voters stop: no leader for longer than any election timeout. A follower would stand for
            // election now, find itself outside the voters and stop following for good; a spare waits.
            int other = (leader + 2) % 3;
            g.stopMember(leader);
            g.stopMember(other);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> g.node(lost).member().status().role(), "LISTENER"::equals);
            g.startMember(leader);
            g.startMember(other);
            int now = g.awaitLeader();
            try (Cage cage = Cage.builder().server("g", g.spec(now)).pageCount(0)
                     .responseTimeout(Duration.ofSeconds(30)).build()) {
                write(cage, "d.txt", "once the group is back".getBytes());
            }
            g.awaitApplied();
            assertThat(g.tree(lost)).isEqualTo(g.tree(now)).containsKeys("a.txt", "b.txt", "c.txt", "d.txt");
        }
    }

    @Test
    void aMemberBehindThePurgedLog_copiesTheLeadersTree_andLaterOnlyWhatDiffers() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3, 20)) {
            int leader = g.awaitLeader();
            Random rnd = new Random(17);
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0)
                     .responseTimeout(Duration.ofSeconds(30)).build()) {
                cage.mkdir("g", "big");
                for (int i = 0; i < 4; i++) {
                    byte[] bytes = new byte[3 * TreeCopy.BLOCK + 1000 * i];
                    rnd.nextBytes(bytes);
                    write(cage, "big/f" + i + ".bin", bytes);
                }
                churn(cage, "small", 50); // past two snapshots: the log before them is dropped by every member
                g.awaitApplied();

                // The copy is made while another client goes on changing bytes and names: what the copy missed or
                // caught half-way, the log after the snapshot puts right.
                int spare = g.startJoiner();
                String spareId = g.member(spare).id();
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.Future<?> busy = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "busy-writer");
                    t.setDaemon(true);
                    return t;
                }).submit(() -> keepChanging(g.spec(leader), stop));
                cage.admin("g").addMember(spareId, address(g.member(spare)), true);
                await().atMost(Duration.ofSeconds(60)).until(() -> g.node(spare).lastTreeCopy() != null);
                stop.set(true);
                assertThat(busy.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Boolean.TRUE);
                awaitSameTree(g, leader, spare);
                TreeCopy.Report first = g.node(spare).lastTreeCopy();
                assertThat(first).as("the new member copied the tree rather than replaying the log").isNotNull();
                assertThat(first.bytesFetched()).isEqualTo(first.bytesTotal()).isGreaterThan(12L * TreeCopy.BLOCK);
                // Copied files keep the group-wide id and version they have on the member copied from.
                g.awaitApplied();
                assertThat(g.identities(spare)).isEqualTo(g.identities(leader)).allSatisfy((path, identity) ->
                    assertThat(identity).as(path).doesNotStartWith("0/"));

                // Out of the group for a while: one block of one file changes, a file goes, and the log moves on.
                cage.admin("g").removeMember(spareId);
                long spareLast = g.node(spare).member().status().lastApplied();
                g.stopMember(spare);
                CageChannel f1 = cage.open("g", "big/f1.bin", OpenMode.SHARED_WRITE);
                cage.write(f1, TreeCopy.BLOCK + 10, "patched while the spare was out".getBytes());
                cage.close(f1);
                cage.remove("g", "big/f3.bin");
                churn(cage, "later", 50);
                // Ratis drops whole log segments only (16 MiB): enough bytes pass through the log for the segment
                // holding the member's last entry to be closed and dropped at a later snapshot. The file goes again,
                // so the member has nothing of it to fetch.
                CageChannel filler = cage.open("g", "filler.bin", OpenMode.EXCLUSIVE, true);
                for (int mib = 0; mib < 24; mib++) {
                    cage.write(filler, (long) mib << 20, new byte[1 << 20]);
                }
                cage.close(filler);
                cage.remove("g", "filler.bin");
                churn(cage, "latest", 25);
                g.awaitApplied();
                await("the leader's log dropped past the removed member's last entry").atMost(Duration.ofSeconds(60))
                    .until(() -> g.node(leader).member().logStartIndex() > spareLast);

                g.startMember(spare);
                cage.admin("g").addMember(spareId, address(g.member(spare)), true);
                awaitSameTree(g, leader, spare);
                TreeCopy.Report second = g.node(spare).lastTreeCopy();
                assertThat(second).isNotNull().isNotSameAs(first);
                // Only the changed block and the small files that changed are fetched again.
                assertThat(second.bytesFetched()).isLessThan(2L * TreeCopy.BLOCK);
                assertThat(g.tree(spare)).doesNotContainKey("big/f3.bin");

                // And from then on it follows the log like any member.
                write(cage, "after-copy.txt", "applied from the log".getBytes());
                awaitSameTree(g, leader, spare);
                assertThat(Files.readString(g.root(spare).resolve("after-copy.txt"))).isEqualTo("applied from the log");
            }
        }
    }

    /** Overwrites blocks of the big files and creates, renames and removes small ones until told to stop. */
    private static Boolean keepChanging(dev.cage.client.ServerSpec spec, java.util.concurrent.atomic.AtomicBoolean stop)
        throws Exception {
        Random rnd = new Random(23);
        try (Cage cage = Cage.builder().server("g", spec).pageCount(0).responseTimeout(Duration.ofSeconds(30)).build()) {
            cage.mkdir("g", "busy");
            for (int k = 0; !stop.get() || k < 20; k++) {
                CageChannel big = cage.open("g", "big/f" + (k % 4) + ".bin", OpenMode.SHARED_WRITE);
                byte[] patch = new byte[4096];
                rnd.nextBytes(patch);
                cage.write(big, rnd.nextInt(3 * TreeCopy.BLOCK), patch);
                cage.close(big);
                write(cage, "busy/n" + k + ".txt", ("new " + k).getBytes());
                if (k % 3 == 1 && (k - 1) % 5 != 4) { // n(k-1) is there unless it was removed
                    cage.rename("g", "busy/n" + (k - 1) + ".txt", "busy/r" + k + ".txt");
                }
                if (k % 5 == 4) {
                    cage.remove("g", "busy/n" + k + ".txt");
                    cage.remove("g", "small/" + (k / 5) + ".txt");
                }
            }
        }
        return true;
    }

    /** {@code n} small changes (creates and writes) under {@code dir}: log entries for snapshots to cover. */
    private static void churn(Cage cage, String dir, int n) throws Exception {
        cage.mkdir("g", dir);
        for (int i = 0; i < n / 2; i++) {
            write(cage, dir + "/" + i + ".txt", ("entry " + i).getBytes());
        }
    }

    private static void awaitSameTree(TestGroup g, int leader, int member) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class) // a file removed while the tree is read
            .untilAsserted(() -> assertThat(summary(g.tree(member))).isEqualTo(summary(g.tree(leader))));
    }

    /** A tree with each file's bytes (hex) shortened to their length and hash, so that a difference reads. */
    private static Map<String, String> summary(Map<String, String> tree) {
        return tree.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().equals("dir")
            ? "dir" : e.getValue().length() / 2 + " bytes #" + Integer.toHexString(e.getValue().hashCode()),
            (a, b) -> a, java.util.TreeMap::new));
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
