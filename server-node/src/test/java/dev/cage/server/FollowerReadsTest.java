package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.CageException;
import dev.cage.protocol.ChannelInfo;
import dev.cage.protocol.FileBusyException;
import dev.cage.protocol.GroupInfo;
import dev.cage.protocol.NotLeaderException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.SessionInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.cage.server.group.GroupConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads at a member that does not lead ({@code ServerSpec.withFollowerReads}): never older than an acknowledged write,
 * served by that member, refused once it cannot learn the leader's commit index; changes refused there. Real nodes
 * in this JVM ({@link TestGroup}).
 */
class FollowerReadsTest {
    @TempDir
    Path tmp;

    @Test
    void aFollowerRead_neverReturnsBytesOlderThanAnAcknowledgedWrite_andIsServedByTheFollower() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            int follower = (leader + 1) % 3;
            try (Cage writer = writer(g, leader);
                 Cage reader = followerReader(g, follower, 1024)) { // its cache on: it asks for the version first
                CageChannel w = writer.open("g", "counter.txt", OpenMode.SHARED_WRITE, true);
                writer.write(w, 0, value(0));
                CageChannel r = reader.open("f", "counter.txt", OpenMode.SHARED_READ);
                // Each value is read at the follower right after the leader acknowledged it: the follower waits until
                // it has applied it (without that wait, or with pages kept, an older value turns up within a few rounds).
                writeEachAndReadItBackAtOnce(writer, w, reader, r, 200);
                assertThat(reader.list("f", "")).extracting(f -> f.name()).containsExactly("counter.txt");
                assertThat(reader.cacheStats().hits()).isZero();

                // The follower served it: the reader's session and channel are there, not at the leader.
                assertThat(reader.admin("f").sessions()).flatMap(SessionInfo::channels).extracting(ChannelInfo::mode)
                    .containsExactly(OpenMode.SHARED_READ);
                assertThat(writer.admin("g").sessions()).flatMap(SessionInfo::channels).extracting(ChannelInfo::mode)
                    .containsExactly(OpenMode.SHARED_WRITE);
                writer.close(w);
                reader.close(r);
            }
        }
    }

    @Test
    void aFollowerReadClient_readsUnchangedPagesFromItsCache_andChangedOnesAfresh() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            int follower = (leader + 1) % 3;
            byte[] content = new byte[16 * 4096];
            new java.util.Random(9).nextBytes(content);
            try (Cage writer = writer(g, leader);
                 Cage reader = Cage.builder().server("f", g.memberOnly(follower).withFollowerReads()).pageSize(4096)
                     .pageCount(64).responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel w = writer.open("g", "pages.bin", OpenMode.SHARED_WRITE, true);
                writer.write(w, 0, content);
                CageChannel r = reader.open("f", "pages.bin", OpenMode.SHARED_READ);
                assertThat(reader.read(r, 0, content.length)).isEqualTo(content);

                // Unchanged: the member is asked for the version only, and every page comes from the cache.
                long readsBefore = g.node(follower).info().readsServed();
                long hitsBefore = reader.cacheStats().hits();
                assertThat(reader.read(r, 0, content.length)).isEqualTo(content);
                assertThat(g.node(follower).info().readsServed()).isEqualTo(readsBefore);
                assertThat(reader.cacheStats().hits() - hitsBefore).isEqualTo(16);

                // Changed at the leader: the next read at the follower has the new bytes, never the cached old ones.
                byte[] patch = "changed through the leader".getBytes(StandardCharsets.UTF_8);
                writer.write(w, 5 * 4096 + 100, patch);
                System.arraycopy(patch, 0, content, 5 * 4096 + 100, patch.length);
                assertThat(reader.read(r, 0, content.length)).isEqualTo(content);
                assertThat(g.node(follower).info().readsServed()).isGreaterThan(readsBefore);
                writer.close(w);
                reader.close(r);
            }
        }
    }

    @Test
    void aFollowerReadSession_changesNothing_survivesALeaderChange_andReadsNothingOnceCutOff() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            int follower = (leader + 1) % 3;
            try (Cage writer = writer(g, leader); Cage reader = followerReader(g, follower, 0)) {
                put(writer, "a.txt", "from the leader");

                // Changes are the leader's: each is refused at the follower, naming why, and nothing is changed.
                assertThatThrownBy(() -> reader.create("f", "b.txt")).isInstanceOf(NotLeaderException.class)
                    .hasMessageContaining("follower-read session changes nothing");
                assertThatThrownBy(() -> reader.mkdir("f", "d")).isInstanceOf(NotLeaderException.class);
                assertThatThrownBy(() -> reader.open("f", "a.txt", OpenMode.SHARED_WRITE))
                    .isInstanceOf(NotLeaderException.class).hasMessageContaining("opens files for writing");
                assertThatThrownBy(() -> reader.open("f", "c.txt", OpenMode.SHARED_READ, true))
                    .isInstanceOf(NotLeaderException.class).hasMessageContaining("creates files");
                g.awaitApplied();
                for (int i = 0; i < 3; i++) {
                    assertThat(g.tree(i)).as("member %d", i).containsOnlyKeys("a.txt");
                }

                // The lead moves to the reader's member: its session stays (the leader's own sessions end), and reads
                // and changes are served there now.
                CageChannel r = reader.open("f", "a.txt", OpenMode.SHARED_READ);
                writer.admin("g").transferLead("m" + follower);
                assertThat(reader.read(r, 0, 100)).asString().isEqualTo("from the leader");
                reader.create("f", "made-at-the-new-leader.txt");
                assertThat(reader.stat("f", "made-at-the-new-leader.txt").size()).isZero();

                // The lead moves away again, and the two other members stop: the reader's member cannot learn how far
                // the group has committed, so it reads nothing rather than something perhaps old.
                int other = (follower + 1) % 3;
                writer.admin("g").transferLead("m" + other);
                assertThat(reader.read(r, 0, 100)).asString().isEqualTo("from the leader");
                g.stopMember(other);
                g.stopMember((follower + 2) % 3);
                assertThatThrownBy(() -> reader.read(r, 0, 100)).isInstanceOf(NotLeaderException.class)
                    .hasMessageContaining("serves no read");
            }
        }
    }

    @Test
    void aRemovalOrRename_isDecidedByTheLeaderAlone_soNoMemberDivergesBecauseOfItsOwnChannels() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            int follower = (leader + 1) % 3;
            try (Cage writer = writer(g, leader); Cage reader = followerReader(g, follower, 0)) {
                writer.mkdir("g", "d");
                writer.mkdir("g", "moving");
                for (String f : List.of("d/busy.txt", "gone.txt", "moving/inside.txt")) {
                    put(writer, f, f);
                }
                // Open at the leader: refused there, and so on every member (before, the leader alone refused it at
                // apply time and the others removed the file).
                CageChannel held = writer.open("g", "d/busy.txt", OpenMode.SHARED_READ);
                assertThatThrownBy(() -> writer.remove("g", "d/busy.txt")).isInstanceOf(FileBusyException.class);
                assertThatThrownBy(() -> writer.rename("g", "d", "e")).isInstanceOf(FileBusyException.class);
                writer.close(held);

                // Open only at a follower, by a follower-read session the leader never heard of: the leader removes
                // and renames, and so does that follower, closing the channels.
                CageChannel gone = reader.open("f", "gone.txt", OpenMode.SHARED_READ);
                CageChannel inside = reader.open("f", "moving/inside.txt", OpenMode.SHARED_READ);
                writer.remove("g", "gone.txt");
                writer.rename("g", "moving", "moved");
                g.awaitApplied();
                Map<String, String> tree = g.tree(leader);
                assertThat(tree).containsKeys("d/busy.txt", "moved/inside.txt").doesNotContainKeys("gone.txt", "moving");
                for (int i = 0; i < 3; i++) {
                    assertThat(g.tree(i)).as("member %d", i).isEqualTo(tree);
                }
                assertThatThrownBy(() -> reader.read(gone, 0, 10)).isInstanceOf(CageException.class)
                    .hasMessageContaining("no open channel");
                assertThatThrownBy(() -> reader.read(inside, 0, 10)).isInstanceOf(CageException.class)
                    .hasMessageContaining("no open channel");
            }
        }
    }

    @Test
    void aSpare_servesFollowerReads_neverOlderThanAnAcknowledgedWrite() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            int spare = g.startJoiner();
            GroupConfig.Member s = g.member(spare);
            try (Cage writer = writer(g, leader)) {
                writer.admin("g").addMember(s.id(), s.host() + ":" + s.port() + ":" + s.raftPort(), true);
                CageChannel w = writer.open("g", "counter.txt", OpenMode.SHARED_WRITE, true);
                writer.write(w, 0, value(0));
                try (Cage reader = followerReader(g, spare, 0)) {
                    CageChannel r = reader.open("f", "counter.txt", OpenMode.SHARED_READ);
                    writeEachAndReadItBackAtOnce(writer, w, reader, r, 100);
                    // Served by the spare, which votes for nothing: a spare is a place to read from too.
                    assertThat(reader.admin("f").group().members()).filteredOn(m -> m.id().equals(s.id()))
                        .extracting(GroupInfo.Member::role).containsExactly(GroupInfo.SPARE);
                    assertThat(reader.admin("f").sessions()).flatMap(SessionInfo::channels)
                        .extracting(ChannelInfo::mode).containsExactly(OpenMode.SHARED_READ);
                    reader.close(r);
                }
                writer.close(w);
            }
        }
    }

    /**
     * Writes values 1 to {@code rounds} of counter.txt through the leader, each read (and stat'ed) through the
     * follower-read client right after the write was acknowledged: it must see that value, never an older one.
     */
    private static void writeEachAndReadItBackAtOnce(Cage writer, CageChannel w, Cage reader, CageChannel r,
                                                     int rounds) throws Exception {
        for (int i = 1; i <= rounds; i++) {
            writer.write(w, 0, value(i));
            assertThat(new String(reader.read(r, 0, 16), StandardCharsets.US_ASCII)).as("round %d", i)
                .isEqualTo(new String(value(i), StandardCharsets.US_ASCII));
            assertThat(reader.stat("f", "counter.txt").size()).isEqualTo(16);
        }
    }

    /** A client of the group that follows its leader, without a page cache. */
    private static Cage writer(TestGroup g, int leader) throws Exception {
        return Cage.builder().server("g", g.spec(leader)).pageCount(0).build();
    }

    /** A client reading at member {@code member} alone, leader or not, with {@code pages} pages of cache. */
    private static Cage followerReader(TestGroup g, int member, int pages) throws Exception {
        return Cage.builder().server("f", g.memberOnly(member).withFollowerReads()).pageCount(pages)
            .responseTimeout(Duration.ofSeconds(20)).build();
    }

    /** Creates (or replaces) {@code path} through the leader with {@code text}. */
    private static void put(Cage writer, String path, String text) throws Exception {
        CageChannel ch = writer.open("g", path, OpenMode.EXCLUSIVE, true);
        writer.write(ch, 0, text.getBytes(StandardCharsets.UTF_8));
        writer.close(ch);
    }

    private static byte[] value(int i) {
        return String.format("value %10d", i).getBytes(StandardCharsets.US_ASCII);
    }
}
