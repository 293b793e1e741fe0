package dev.cage.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on a real PostgreSQL ({@link PostgresExtension}): one server for the class, a new database for each
 * test.
 */
class PostgresJournalStoreTest extends JournalStoreContract {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    Path tmp;

    @Override
    JournalConfig freshConfig() throws Exception {
        return postgres.newJournal("journal").withLogDir(tmp.resolve("wal"));
    }

    @Override
    JournalConfig unreachableConfig() throws IOException {
        return JournalConfig.of("jdbc:postgresql://127.0.0.1:" + closedPort() + "/journal", "postgres", "")
            .withLogDir(tmp.resolve("unreachable-wal"));
    }

    @Test
    void postgresStopsAndComesBack_appendsGoOn_queriesFail_rowsCatchUp_andTheBacklogIsBounded() throws Exception {
        JournalConfig cfg = postgres.newJournal("outage").withRetryInterval(Duration.ofMillis(100)).withMaxBacklog(40)
            .withLogDir(tmp.resolve("outage-wal"));
        try (JournalStore journal = JournalStore.open(cfg)) {
            long first = journal.appendNow(Entries.mixed(0));

            postgres.stop();
            List<Long> whileDown = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                whileDown.add(journal.appendNow(Entries.mixed(i))); // durable in the log: acknowledged
            }
            assertThatThrownBy(() -> journal.entriesAfter(0)).isInstanceOf(JournalUnavailableException.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> journal.append(Entries.mixed(0)).isCompletedExceptionally());
            assertThatThrownBy(() -> journal.appendNow(Entries.mixed(0))).isInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("wait for the journal database");

            postgres.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> journal.rowsBehind() == 0);
            assertThat(journal.entriesAfter(0)).extracting(JournalEntry::getSeq).startsWith(first)
                .containsAll(whileDown);
            assertThat(journal.appendNow(Entries.mixed(3))).isGreaterThan(whileDown.get(19));
        }
    }

    @Test
    void close_whilePostgresIsDown_theNextOpenWritesTheRowsFromTheLog() throws Exception {
        JournalConfig cfg = postgres.newJournal("closedown").withRetryInterval(Duration.ofMillis(100))
            .withLogDir(tmp.resolve("closedown-wal"));
        List<Long> seqs = new ArrayList<>();
        JournalStore journal = JournalStore.open(cfg);
        seqs.add(journal.appendNow(Entries.mixed(0)));
        postgres.stop();
        try {
            for (int i = 1; i <= 10; i++) {
                seqs.add(journal.appendNow(Entries.mixed(i)));
            }
            journal.close();
        } finally {
            postgres.start();
        }

        try (JournalStore reopened = JournalStore.open(cfg)) {
            assertThat(reopened.entriesAfter(0)).extracting(JournalEntry::getSeq).containsExactlyElementsOf(seqs);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
