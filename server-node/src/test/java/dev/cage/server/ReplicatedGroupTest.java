package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import dev.cage.client.TxId;
import dev.cage.protocol.CageFileExistsException;
import dev.cage.protocol.CageFileNotFoundException;
import dev.cage.protocol.FileLockedException;
import dev.cage.protocol.TransactionConflictException;
import dev.cage.protocol.GroupInfo;
import dev.cage.protocol.NotLeaderException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group of three real nodes in this JVM: the leader takes every change through the group's log, every member
 * applies it to its own tree, a follower sends clients on, and a client follows a new leader after the old one
 * stops, losing no acknowledged write.
 */
class ReplicatedGroupTest {
    @TempDir
    Path tmp;

    @Test
    void changesAtTheLeader_areAppliedToEveryMember_byteForByte() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int follower = (g.awaitLeader() + 1) % 3;
            // The client knows a follower first: it is sent on to the leader.
            try (Cage cage = Cage.builder().server("g", g.spec(follower)).responseTimeout(Duration.ofSeconds(15)).build()) {
                cage.mkdir("g", "docs");
                CageChannel a = cage.open("g", "docs/a.bin", OpenMode.EXCLUSIVE, true);
                byte[] bytes = new byte[200_000];
                new Random(7).nextBytes(bytes);
                cage.write(a, 0, bytes);
                cage.write(a, 150_000, "patched".getBytes());
                cage.truncate(a, 180_000);
                cage.close(a);
                cage.create("g", "docs/b.txt");
                cage.rename("g", "docs/b.txt", "docs/c.txt");
                cage.create("g", "gone.txt");
                cage.remove("g", "gone.txt");

                // Refusals are decided by the log's order and are the same everywhere.
                assertThatThrownBy(() -> cage.create("g", "docs/c.txt")).isInstanceOf(CageFileExistsException.class);
                assertThatThrownBy(() -> cage.remove("g", "nothing.txt")).isInstanceOf(CageFileNotFoundException.class);

                byte[] expected = java.util.Arrays.copyOf(bytes, 180_000);
                System.arraycopy("patched".getBytes(), 0, expected, 150_000, 7);
                CageChannel back = cage.open("g", "docs/a.bin", OpenMode.SHARED_READ);
                assertThat(cage.read(back, 0, 300_000)).isEqualTo(expected);
                cage.close(back);

                g.awaitApplied();
                for (int i = 0; i < 3; i++) {
                    assertThat(Files.readAllBytes(g.root(i).resolve("docs/a.bin"))).as("member %d", i).isEqualTo(expected);
                    assertThat(g.tree(i)).as("member %d", i).isEqualTo(g.tree(0))
                        .containsKeys("docs", "docs/a.bin", "docs/c.txt").doesNotContainKeys("docs/b.txt", "gone.txt");
                }
            }
        }
    }

    @Test
    void everyMember_reportsTheGroup_withTheSameLeader_andAStandaloneNodeReportsNone() throws Exception {
        try (TestGroup g = TestGroup.start(tmp.resolve("group"), 3)) {
            int leader = g.awaitLeader();
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).build()) {
                cage.mkdir("g", "d");
            }
            g.awaitApplied();
            GroupInfo atLeader = null;
            for (int i = 0; i < 3; i++) {
                try (Cage admin = Cage.builder().server("m", g.memberOnly(i)).build()) {
                    GroupInfo info = admin.admin("m").group();
                    assertThat(info.name()).isEqualTo("test");
                    assertThat(info.self()).isEqualTo("m" + i);
                    assertThat(info.leader()).isEqualTo("m" + leader);
                    assertThat(info.term()).isPositive();
                    assertThat(info.members()).extracting(GroupInfo.Member::id).containsExactly("m0", "m1", "m2");
                    atLeader = i == leader ? info : atLeader;
                }
            }
            // The leader knows every member's commit index; all have the mkdir, so none lags.
            long applied = atLeader.lastApplied();
            assertThat(applied).isPositive();
            assertThat(atLeader.members()).allSatisfy(m -> assertThat(m.commitIndex()).isGreaterThanOrEqualTo(applied));
        }
        try (TestNode alone = TestNode.start(tmp.resolve("alone")); Cage cage = alone.client("s")) {
            assertThat(cage.admin("s").group()).isEqualTo(GroupInfo.none());
        }
    }

    @Test
    void transactions_areAppliedByEveryMember_conflictsAreCaught_andAPreparedBranchOutlivesItsLeader() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int first = g.awaitLeader();
            try (Cage cage = Cage.builder().server("g", g.spec(first)).pageSize(4096).responseTimeout(Duration.ofSeconds(20)).build();
                 Cage other = Cage.builder().server("g", g.spec(first)).pageCount(0) // uncached: a write goes out at once
                     .responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel a = cage.open("g", "a.txt", OpenMode.SHARED_WRITE, true);
                CageChannel b = cage.open("g", "b.txt", OpenMode.SHARED_WRITE, true);
                cage.write(a, 0, "0123456789".getBytes());

                // One phase: both files change at once, on every member.
                CageTransaction one = cage.beginTransaction();
                one.write(a, 0, "AB".getBytes());
                one.write(b, 0, "new file bytes".getBytes());
                one.commit();
                assertThat(new String(cage.read(a, 0, 100))).isEqualTo("AB23456789");

                // First committer wins, checked by the leader: the later commit leaves no trace.
                CageChannel theirs = other.open("g", "a.txt", OpenMode.SHARED_WRITE);
                CageTransaction early = cage.beginTransaction();
                CageTransaction late = other.beginTransaction();
                assertThat(new String(late.read(theirs, 0, 10))).isEqualTo("AB23456789"); // late begins here
                early.write(a, 2, "CC".getBytes());
                late.write(theirs, 3, "DD".getBytes());
                early.commit();
                assertThatThrownBy(late::commit).isInstanceOf(TransactionConflictException.class);
                other.close(theirs);

                // Prepared: locked against writers, and known to whichever member leads next.
                CageTransaction two = cage.beginTransaction();
                two.write(a, 6, "PREP".getBytes());
                TxId id = TxId.random();
                assertThat(two.prepare(id)).isTrue();
                CageChannel again = other.open("g", "a.txt", OpenMode.SHARED_WRITE);
                assertThatThrownBy(() -> other.write(again, 0, "no".getBytes())).isInstanceOf(FileLockedException.class);
                g.awaitApplied();
                g.stopMember(first);
                int second = g.awaitLeader();
                assertThat(cage.recover("g")).containsExactly(id);
                cage.commitPrepared("g", id);
                assertThat(cage.recover("g")).isEmpty();
                other.write(again, 0, "ok".getBytes()); // unlocked again
                assertThat(new String(other.read(again, 0, 100))).isEqualTo("okCC45PREP");
                g.startMember(first);
                g.awaitApplied();
                for (int i = 0; i < 3; i++) {
                    assertThat(Files.readString(g.root(i).resolve("a.txt"))).as("member %d", i).isEqualTo("okCC45PREP");
                    assertThat(Files.readString(g.root(i).resolve("b.txt"))).as("member %d", i).isEqualTo("new file bytes");
                }
                assertThat(second).isNotEqualTo(first);

                // A transaction must fit one entry of the log: a larger one is refused whole.
                CageTransaction big = cage.beginTransaction();
                big.write(b, 0, new byte[5 << 20]);
                assertThatThrownBy(big::commit).isInstanceOf(dev.cage.protocol.TransactionTooLargeException.class)
                    .hasMessageContaining("one entry of the group's log");
                assertThat(Files.readString(g.root(second).resolve("b.txt"))).isEqualTo("new file bytes");
            }
        }
    }

    @Test
    void snapshots_areTaken_andMembersRestartFromThem_includingOneThatWasDownMeanwhile() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3, 10)) {
            int leader = g.awaitLeader();
            int away = (leader + 1) % 3;
            g.stopMember(away);
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0)
                .responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel ch = cage.open("g", "counter.bin", OpenMode.SHARED_WRITE, true);
                for (int i = 0; i < 60; i++) {
                    cage.write(ch, (i % 8) * 8L, java.nio.ByteBuffer.allocate(8).putLong(i).array());
                }
                g.awaitApplied();
                int stay = 3 - leader - away;
                assertThat(snapshots(g, leader)).as("snapshots at the leader").isNotEmpty();
                assertThat(snapshots(g, stay)).as("snapshots at the follower").isNotEmpty();
                // The member that was down catches up from the log; one that restarts resumes after its snapshot.
                g.startMember(away);
                g.stopMember(stay);
                g.startMember(stay);
                for (int i = 60; i < 80; i++) {
                    cage.write(ch, (i % 8) * 8L, java.nio.ByteBuffer.allocate(8).putLong(i).array());
                }
                g.awaitApplied();
                for (int i = 0; i < 3; i++) {
                    assertThat(g.tree(i)).as("member %d", i).isEqualTo(g.tree(leader));
                }
                java.nio.ByteBuffer last = java.nio.ByteBuffer.wrap(cage.read(ch, 0, 64));
                for (int slot = 0; slot < 8; slot++) {
                    assertThat(last.getLong(slot * 8)).as("slot %d", slot).isEqualTo(72 + slot);
                }
            }
        }
    }

    /**
     * A member killed after journaling a change and before recording its applied index used to apply that entry
     * again at restart and journal it twice. Here the same state is made by hand: a follower stopped, its snapshot
     * markers deleted and its applied index set back to nothing, so Ratis gives it its whole log again. It resumes
     * after the change its journal recorded last: it applies nothing twice, and its journal ends the same as the
     * leader's, change for change.
     */
    @Test
    void aMemberWhoseAppliedIndexIsBehindItsJournal_journalsNoChangeTwice() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            int behind = (leader + 1) % 3;
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0)
                .responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel ch = cage.open("g", "a.bin", OpenMode.SHARED_WRITE, true);
                for (int i = 0; i < 30; i++) {
                    cage.write(ch, i * 8L, java.nio.ByteBuffer.allocate(8).putLong(i).array());
                }
                cage.truncate(ch, 200);
                cage.create("g", "b.txt");
                cage.rename("g", "b.txt", "c.txt");
                g.awaitApplied();
                g.stopMember(behind);
                for (Path marker : snapshots(g, behind)) {
                    Files.delete(marker);
                    Files.deleteIfExists(marker.resolveSibling(marker.getFileName() + ".md5"));
                }
                Files.write(g.dataDir(behind).resolve("raft").resolve("applied-index"),
                    java.nio.ByteBuffer.allocate(8).putLong(-1).array());
                g.startMember(behind);
                for (int i = 30; i < 40; i++) {
                    cage.write(ch, i * 8L, java.nio.ByteBuffer.allocate(8).putLong(i).array());
                }
                cage.remove("g", "c.txt");
                g.awaitApplied();
                assertThat(g.tree(behind)).isEqualTo(g.tree(leader));
                assertThat(changes(g, behind)).as("the changes member %d journaled", behind)
                    .hasSize(1 + 30 + 1 + 1 + 1 + 10 + 1) // a.bin's create, writes, truncate, create, rename, writes, remove
                    .isEqualTo(changes(g, leader));
            }
        }
    }

    /** What member {@code i}'s journal says changed, in its order: bytes and names, not the notes of sessions. */
    private static java.util.List<String> changes(TestGroup g, int i) {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.Set<dev.cage.server.journal.NamespaceOp> notes = java.util.EnumSet.of(
            dev.cage.server.journal.NamespaceOp.SESSION_START, dev.cage.server.journal.NamespaceOp.SESSION_END,
            dev.cage.server.journal.NamespaceOp.OPEN, dev.cage.server.journal.NamespaceOp.CLOSE,
            dev.cage.server.journal.NamespaceOp.CHECKPOINT);
        g.node(i).journalStore().forEachAfter(0, e -> {
            if (e instanceof dev.cage.server.journal.FileRecord f && f.getOp() != dev.cage.server.journal.FileOp.READ) {
                out.add(f.getOp() + " " + f.getPath() + " at " + f.getOffset() + ", " + f.getLength() + " bytes");
            } else if (e instanceof dev.cage.server.journal.NamespaceRecord n && !notes.contains(n.getOp())) {
                out.add(n.getOp() + " " + n.getPath() + " " + n.getPath2() + " " + n.getOutcome());
            }
        });
        return out;
    }

    /** The snapshot markers in member {@code i}'s Raft storage. */
    private static java.util.List<Path> snapshots(TestGroup g, int i) throws java.io.IOException {
        try (var files = Files.walk(g.dataDir(i).resolve("raft"))) {
            return files.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).toList();
        }
    }

    @Test
    void transferLead_handsTheLeadToTheNamedMember_andClientsFollow() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int first = g.awaitLeader();
            int target = (first + 2) % 3;
            try (Cage cage = Cage.builder().server("g", g.spec(first)).pageCount(0).responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel ch = cage.open("g", "f.txt", OpenMode.SHARED_WRITE, true);
                cage.write(ch, 0, "before".getBytes());
                assertThatThrownBy(() -> cage.admin("g").transferLead("nobody"))
                    .isInstanceOf(dev.cage.protocol.InvalidArgumentException.class).hasMessageContaining("no member 'nobody'");

                cage.admin("g").transferLead("m" + target);

                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(g::leader, l -> l == target);
                cage.write(ch, 6, " after".getBytes());
                assertThat(new String(cage.read(ch, 0, 100))).isEqualTo("before after");
                assertThat(cage.admin("g").group().leader()).isEqualTo("m" + target);
            }
            g.awaitApplied();
            for (int i = 0; i < 3; i++) {
                assertThat(Files.readString(g.root(i).resolve("f.txt"))).as("member %d", i).isEqualTo("before after");
            }
        }
        try (TestNode alone = TestNode.start(tmp.resolve("alone")); Cage cage = alone.client("s")) {
            assertThatThrownBy(() -> cage.admin("s").transferLead("m1"))
                .isInstanceOf(dev.cage.protocol.InvalidArgumentException.class).hasMessageContaining("not a member");
        }
    }

    @Test
    void aClientGivenOneFollower_learnsTheGroupAtLogin_findsTheLeader_andFollowsTheLeadToAMemberItWasNeverGiven()
        throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int first = g.awaitLeader();
            int given = (first + 1) % 3;
            int never = (first + 2) % 3;
            try (Cage cage = Cage.builder().server("g", g.oneMember(given)).pageCount(0)
                .responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel ch = cage.open("g", "found.txt", OpenMode.SHARED_WRITE, true);
                cage.write(ch, 0, "at the leader".getBytes()); // the follower refused it: sent on to the leader

                cage.admin("g").transferLead("m" + never);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(g::leader, l -> l == never);
                g.stopMember(first);
                cage.write(ch, 13, ", then at a member learned from it".getBytes());
                assertThat(new String(cage.read(ch, 0, 100))).isEqualTo("at the leader, then at a member learned from it");
                assertThat(g.leader()).isEqualTo(never); // the one member it was given does not lead: it went on
            }
        }
    }

    @Test
    void aFollower_refusesDataRequests_namingTheLeader() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            int follower = (leader + 1) % 3;
            try (Cage cage = Cage.builder().server("f", g.memberOnly(follower)).responseTimeout(Duration.ofSeconds(2)).build()) {
                assertThatThrownBy(() -> cage.create("f", "x.txt"))
                    .isInstanceOf(NotLeaderException.class)
                    .hasMessageContaining("m" + leader)
                    .satisfies(e -> assertThat(((NotLeaderException) e).status()).isEqualTo(Status.NOT_LEADER));
            }
            g.awaitApplied();
            for (int i = 0; i < 3; i++) {
                assertThat(g.root(i).resolve("x.txt")).as("member %d", i).doesNotExist();
            }
        }
    }

    @Test
    void aLeaderCutOffFromTheOthers_acknowledgesNoWrite_servesNoRead_andTheGroupHealsWithoutDivergence() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            try (Cage cage = Cage.builder().server("l", g.memberOnly(leader)).pageCount(0)
                .responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel ch = cage.open("l", "state.txt", OpenMode.SHARED_WRITE, true);
                cage.write(ch, 0, "acknowledged".getBytes());
                g.awaitApplied();
                for (int i = 0; i < 3; i++) {
                    if (i != leader) {
                        g.stopMember(i);
                    }
                }
                // Alone, the leader cannot commit: the write is not acknowledged, and its bytes reach no tree.
                assertThatThrownBy(() -> cage.write(ch, 0, "never acked".getBytes()))
                    .isInstanceOf(dev.cage.protocol.ServerUnavailableException.class);
                assertThat(Files.readString(g.root(leader).resolve("state.txt"))).isEqualTo("acknowledged");
                // Nor does it answer reads once it cannot confirm that it still leads.
                assertThatThrownBy(() -> cage.read(ch, 0, 100)).isInstanceOf(dev.cage.protocol.ServerUnavailableException.class);
            }
            for (int i = 0; i < 3; i++) {
                if (i != leader) {
                    g.startMember(i);
                }
            }
            int healed = g.awaitLeader();
            g.awaitApplied();
            try (Cage cage = Cage.builder().server("g", g.spec(healed)).build()) {
                CageChannel ch = cage.open("g", "state.txt", OpenMode.SHARED_READ);
                // The unacknowledged write may or may not have been committed after all; what was acknowledged stays.
                assertThat(new String(cage.read(ch, 0, 100))).isIn("acknowledged", "never ackedged");
            }
            for (int i = 0; i < 3; i++) {
                assertThat(g.tree(i)).as("member %d", i).isEqualTo(g.tree(healed));
            }
        }
    }

    @Test
    void leaderStops_clientFollowsTheNewLeader_andNoAcknowledgedWriteIsLost() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int first = g.awaitLeader();
            try (Cage cage = Cage.builder().server("g", g.spec(first)).responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel log = cage.open("g", "log.bin", OpenMode.SHARED_WRITE, true);
                byte[] expected = new byte[40 * 1000];
                Random rnd = new Random(11);
                for (int i = 0; i < 40; i++) {
                    byte[] record = new byte[1000];
                    rnd.nextBytes(record);
                    if (i == 20) {
                        g.stopMember(first); // the client's next write finds the new leader
                    }
                    cage.write(log, i * 1000L, record);
                    System.arraycopy(record, 0, expected, i * 1000, 1000);
                }
                int second = g.awaitLeader();
                assertThat(second).isNotEqualTo(first);
                assertThat(cage.read(log, 0, expected.length)).isEqualTo(expected);
                cage.close(log);
            }

            // The old leader comes back as a follower and catches up from the log.
            g.startMember(first);
            g.awaitApplied();
            for (int i = 0; i < 3; i++) {
                assertThat(g.tree(i)).as("member %d", i).isEqualTo(g.tree((first + 1) % 3));
            }
        }
    }
}
