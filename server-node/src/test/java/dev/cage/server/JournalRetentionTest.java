package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRetentionTest {
    @TempDir
    Path tmp;

    @Test
    void entriesAndTrashOlderThanTheWindow_arePrunedAtACheckpoint() throws Exception {
        MutableClock clock = new MutableClock();
        try (TestNode n = TestNode.start(tmp, b -> b.clock(clock).journalRetention(Duration.ofDays(7))
                 .checkpointInterval(Duration.ofHours(1)));
             Cage cage = n.clientBuilder("s").pageCount(0).build()) {
            CageChannel ch = cage.open("s", "old", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, new byte[1000]);
            cage.close(ch);
            cage.remove("s", "old");
            Path trash = n.node().config().dataDir().resolve("trash");
            assertThat(Files.list(trash).count()).isEqualTo(1);
            long before = n.node().journalStore().stats().entries();

            clock.advance(Duration.ofDays(8));
            n.node().checkpoint(); // marks the checkpoint that pruning may not pass
            cage.create("s", "new");
            n.node().checkpoint();

            assertThat(n.node().journalStore().stats().entries()).isLessThan(before);
            assertThat(n.node().journalStore().stats().blobBytes()).isZero();
            assertThat(Files.list(trash).count()).isZero();
        }
    }
}
