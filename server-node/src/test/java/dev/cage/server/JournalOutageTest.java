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
import dev.cage.server.journal.JournalConfig;
import dev.cage.server.journal.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal database that goes away does not stop the node: changes are journaled in the write-ahead log and
 * acknowledged, their rows wait and reach the database when it is back; the journal's queries fail meanwhile. Only
 * when more rows wait than the node keeps in memory are changes refused, with a clear error and no trace.
 */
class JournalOutageTest {
    /** A server of this test's own, which it stops under the node. */
    @RegisterExtension
    final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path tmp;

    @Test
    void journalDatabaseGone_changesGoOnThroughTheLog_queriesFail_andTheRowsArriveWhenItIsBack() throws Exception {
        JournalConfig cfg = postgres.newJournal("outage").withRetryInterval(Duration.ofMillis(200));
        try (TestNode n = TestNode.start(tmp, b -> b.journal(cfg));
             Cage cage = n.clientBuilder("s").pageCount(0).responseTimeout(Duration.ofSeconds(30)).build()) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "journaled".getBytes());

            postgres.stop();
            try {
                cage.write(ch, 0, "JOURNALED".getBytes());
                cage.create("s", "g");
                assertThat(Files.readString(n.root().resolve("f"))).isEqualTo("JOURNALED");
                assertThat(n.root().resolve("g")).exists();
                assertThatThrownBy(() -> cage.journal("s").list("", Instant.EPOCH, Instant.now()))
                    .isInstanceOfSatisfying(ServerErrorException.class,
                        e -> assertThat(e.status()).isEqualTo(Status.JOURNAL_UNAVAILABLE));
            } finally {
                postgres.start();
            }

            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> cage.journal("s")
                .list("", Instant.EPOCH, Instant.now()).stream().filter(e -> e.op().equals("WRITE")).count() == 2);
            assertThat(cage.journal("s").list("g", Instant.EPOCH, Instant.now()))
                .extracting(JournalEntryInfo::op).contains("CREATE");
        }
    }

    @Test
    void journalDatabaseGoneTooLong_changesAreRefusedOnceTheBacklogIsFull_andTheFileIsUnchanged() throws Exception {
        JournalConfig cfg = postgres.newJournal("backlog").withRetryInterval(Duration.ofMillis(200)).withMaxBacklog(5);
        try (TestNode n = TestNode.start(tmp, b -> b.journal(cfg));
             Cage cage = n.clientBuilder("s").pageCount(0).responseTimeout(Duration.ofSeconds(30)).build()) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "journaled".getBytes());

            postgres.stop();
            try {
                int accepted = 0;
                Throwable refused = null;
                while (refused == null && accepted < 100) {
                    try {
                        cage.write(ch, 0, "journaled".getBytes());
                        accepted++;
                    } catch (ServerErrorException e) {
                        refused = e;
                    }
                }
                assertThat(refused).as("refused after %d writes", accepted).isInstanceOfSatisfying(
                    ServerErrorException.class, e -> assertThat(e.status()).isEqualTo(Status.JOURNAL_UNAVAILABLE))
                    .hasMessageContaining("refuses changes it cannot journal");
                assertThatThrownBy(() -> cage.write(ch, 0, "NOT JOURNALED".getBytes()))
                    .isInstanceOf(ServerErrorException.class);
                assertThatThrownBy(() -> cage.create("s", "g")).isInstanceOf(ServerErrorException.class);
                assertThat(Files.readString(n.root().resolve("f"))).isEqualTo("journaled");
                assertThat(n.root().resolve("g")).doesNotExist();
                // Reads need no journal entry that must be durable, so they still work.
                assertThat(new String(cage.read(ch, 0, 100))).isEqualTo("journaled");
            } finally {
                postgres.start();
            }
        }
    }
}
