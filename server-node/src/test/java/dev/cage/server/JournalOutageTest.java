package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ServerErrorException;
import dev.cage.protocol.Status;
import dev.cage.server.journal.JournalConfig;
import dev.cage.server.journal.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A journal database that goes away stops changes with a clear error; nothing unjournaled reaches the disk. */
class JournalOutageTest {
    /** A server of this test's own, which it stops under the node. */
    @RegisterExtension
    final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path tmp;

    @Test
    void journalDatabaseGone_writesAndNamespaceChangesAreRefused_andTheFileIsUnchanged() throws Exception {
        JournalConfig cfg = postgres.newJournal("outage").withRetryInterval(Duration.ofMillis(200));
        try (TestNode n = TestNode.start(tmp, b -> b.journal(cfg));
             Cage cage = n.clientBuilder("s").pageCount(0).responseTimeout(Duration.ofSeconds(30)).build()) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "journaled".getBytes());

            postgres.stop();

            assertThatThrownBy(() -> cage.write(ch, 0, "NOT JOURNALED".getBytes()))
                .isInstanceOfSatisfying(ServerErrorException.class,
                    e -> assertThat(e.status()).isEqualTo(Status.JOURNAL_UNAVAILABLE))
                .hasMessageContaining("refuses changes it cannot journal");
            assertThatThrownBy(() -> cage.create("s", "g")).isInstanceOf(ServerErrorException.class);
            assertThat(Files.readString(n.root().resolve("f"))).isEqualTo("journaled");
            assertThat(n.root().resolve("g")).doesNotExist();
            // Reads need no journal entry that must be durable, so they still work.
            assertThat(new String(cage.read(ch, 0, 100))).isEqualTo("journaled");
        }
    }
}
