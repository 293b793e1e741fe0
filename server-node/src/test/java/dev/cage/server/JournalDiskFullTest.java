package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.JournalEntryInfo;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ServerErrorException;
import dev.cage.protocol.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the disk holding the node's data directory (its write-ahead log and journal database) fills up while
 * clients write. Writes fail with a clear error and leave the file as it was, nothing acknowledged is lost, and the
 * node takes writes again once space returns, without a restart. The data directory is a real 16 MiB tmpfs, which
 * this test mounts (as root; elsewhere it is skipped, saying why) and fills with a file of its own.
 */
class JournalDiskFullTest {
    @TempDir
    Path tmp;
    private Path dataDir;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        dataDir = Files.createDirectories(tmp.resolve("data"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dataDir.toString())
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "mounting a tmpfs needs root here: " + out.trim());
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", dataDir.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void diskFull_writesFailClearly_nothingAcknowledgedIsLost_andWritesGoOnWhenSpaceReturns() throws Exception {
        byte[] first = random(64 * 1024, 1);
        byte[] big = random(1024 * 1024, 2);
        Path filler = dataDir.resolve("filler");
        try (TestNode n = TestNode.start(tmp);
             Cage cage = n.clientBuilder("s").pageCount(0).responseTimeout(Duration.ofSeconds(30)).build()) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, first);

            fill(filler);
            assertThatThrownBy(() -> cage.write(ch, 0, big))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.status()).isEqualTo(Status.JOURNAL_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("refuses changes it cannot journal").contains("No space left");
                });
            assertThat(Files.readAllBytes(n.root().resolve("f"))).as("the refused write left the file as it was")
                .isEqualTo(first);
            assertThat(cage.read(ch, 0, first.length)).isEqualTo(first);

            Files.delete(filler);
            // The log is opened again at most once a second after a failure: the next attempts succeed.
            await().atMost(Duration.ofSeconds(20)).ignoreException(ServerErrorException.class)
                .until(() -> {
                    cage.write(ch, 0, big);
                    return true;
                });
            assertThat(cage.read(ch, 0, big.length)).isEqualTo(big);
            cage.close(ch);

            n.stop();
            n.restart();
            try (Cage again = n.clientBuilder("s").pageCount(0).responseTimeout(Duration.ofSeconds(30)).build()) {
                CageChannel back = again.open("s", "f", OpenMode.SHARED_READ);
                assertThat(again.read(back, 0, big.length)).as("after a restart").isEqualTo(big);
                assertThat(again.journal("s").list("f", Instant.EPOCH, Instant.now()))
                    .as("the journal holds both acknowledged writes, not the refused ones")
                    .filteredOn(e -> e.op().equals("WRITE")).extracting(JournalEntryInfo::length)
                    .containsExactly((long) first.length, (long) big.length);
            }
        }
    }

    /** Writes {@code file} until the disk is full. */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 7);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 1024; i++) {
                out.write(chunk);
            }
            throw new AssertionError("64 MiB written to a 16 MiB disk");
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
