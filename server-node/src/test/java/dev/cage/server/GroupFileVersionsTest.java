package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import dev.cage.protocol.OpenMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every member of a group gives a file the same id and the same version, so a client's cached pages stay good when
 * another member starts to serve it.
 */
class GroupFileVersionsTest {
    private static final int PAGE = 4096;

    @TempDir
    Path tmp;

    @Test
    void everyMember_givesAChangedFileTheSameIdAndVersion_throughRenamesTransactionsAndARestart() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0)
                .responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel a = cage.open("g", "a.bin", OpenMode.SHARED_WRITE, true);
                cage.write(a, 0, new byte[10_000]);
                cage.write(a, 5_000, "changed".getBytes());
                cage.truncate(a, 8_000);
                cage.create("g", "b.txt");
                cage.rename("g", "b.txt", "c.txt");
                CageChannel d = cage.open("g", "d.bin", OpenMode.SHARED_WRITE, true);
                CageTransaction tx = cage.beginTransaction();
                tx.write(a, 0, "in a transaction".getBytes());
                tx.write(d, 0, "and here too".getBytes());
                tx.commit();
                cage.close(a);
                cage.close(d);
            }
            g.awaitApplied();
            List<String> files = List.of("a.bin", "c.txt", "d.bin");
            List<String> atLeader = idsAndVersions(g, leader, files);
            assertThat(atLeader).as("group-wide ids").noneMatch(identity -> identity.startsWith("0/"));
            for (int i = 0; i < 3; i++) {
                assertThat(idsAndVersions(g, i, files)).as("member %d", i).containsExactlyElementsOf(atLeader);
            }
            // The version a client is told is the one on disk, whichever member tells it.
            for (int i = 0; i < 3; i++) {
                try (Cage reader = Cage.builder().server("m", g.memberOnly(i).withFollowerReads()).pageCount(0)
                    .responseTimeout(Duration.ofSeconds(20)).build()) {
                    for (int f = 0; f < files.size(); f++) {
                        assertThat(reader.stat("m", files.get(f)).version()).as("member %d, %s", i, files.get(f))
                            .isEqualTo(Long.parseLong(atLeader.get(f).substring(atLeader.get(f).indexOf('/') + 1)));
                    }
                }
            }
            int follower = (leader + 1) % 3;
            g.stopMember(follower);
            g.startMember(follower);
            g.awaitApplied();
            assertThat(idsAndVersions(g, follower, files)).as("after a restart").containsExactlyElementsOf(atLeader);
        }
    }

    @Test
    void aClientKeepsItsCachedPages_whenAnotherMemberStartsToServe() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int first = g.awaitLeader();
            int next = (first + 1) % 3;
            byte[] content = new byte[16 * PAGE];
            new Random(3).nextBytes(content);
            try (Cage writer = Cage.builder().server("g", g.spec(first)).pageCount(0).build()) {
                CageChannel w = writer.open("g", "cached.bin", OpenMode.SHARED_WRITE, true);
                writer.write(w, 0, content);
                writer.close(w);
            }
            try (Cage reader = Cage.builder().server("g", g.spec(first)).pageSize(PAGE).pageCount(64)
                .responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel ch = reader.open("g", "cached.bin", OpenMode.SHARED_READ);
                assertThat(reader.read(ch, 0, content.length)).isEqualTo(content);

                reader.admin("g").transferLead("m" + next);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(g::leader, l -> l == next);
                reader.stat(ch); // logs in to the new leader and reopens the channel there
                long readsBefore = g.node(next).info().readsServed();
                long hitsBefore = reader.cacheStats().hits();

                assertThat(reader.read(ch, 0, content.length)).isEqualTo(content);
                assertThat(g.node(next).info().readsServed()).as("reads at the new leader").isEqualTo(readsBefore);
                assertThat(reader.cacheStats().hits() - hitsBefore).isEqualTo(16);
            }
        }
    }

    @Test
    void aFileTheTreeHadBeforeTheGroup_getsAGroupWideIdAndVersionAtItsFirstOpen() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int first = g.awaitLeader();
            int next = (first + 2) % 3;
            byte[] content = new byte[8 * PAGE];
            new Random(4).nextBytes(content);
            for (int i = 0; i < 3; i++) { // each member's tree had it, written at its own time: no mark anywhere
                Files.write(g.root(i).resolve("old.bin"), content);
            }
            assertThat(g.identities(first).get("old.bin")).startsWith("0/");
            try (Cage reader = Cage.builder().server("g", g.spec(first)).pageSize(PAGE).pageCount(64)
                .responseTimeout(Duration.ofSeconds(20)).build()) {
                CageChannel ch = reader.open("g", "old.bin", OpenMode.SHARED_READ);
                assertThat(reader.read(ch, 0, content.length)).isEqualTo(content);
                g.awaitApplied();
                String identity = g.identities(first).get("old.bin");
                assertThat(identity).doesNotStartWith("0/");
                for (int i = 0; i < 3; i++) {
                    assertThat(g.identities(i)).as("member %d", i).containsEntry("old.bin", identity);
                }

                reader.admin("g").transferLead("m" + next);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(g::leader, l -> l == next);
                reader.stat(ch);
                long readsBefore = g.node(next).info().readsServed();
                assertThat(reader.read(ch, 0, content.length)).isEqualTo(content);
                assertThat(g.node(next).info().readsServed()).as("reads at the new leader").isEqualTo(readsBefore);
            }
        }
    }

    /** {@code files}' group-wide ids and versions on member {@code i} ({@link TestGroup#identities}). */
    private static List<String> idsAndVersions(TestGroup g, int i, List<String> files) throws IOException {
        java.util.Map<String, String> all = g.identities(i);
        return files.stream().map(all::get).toList();
    }
}
