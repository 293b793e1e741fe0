package dev.cage.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
    void append_postgresStopsAndComesBack_failsBoundedThenFastThenRecovers() throws Exception {
        JournalConfig cfg = postgres.newJournal("outage").withRetryInterval(Duration.ofMillis(100))
            .withLogDir(tmp.resolve("outage-wal"));
        try (JournalStore journal = JournalStore.open(cfg)) {
            long first = journal.appendNow(Entries.mixed(0));

            postgres.stop();
            assertFailsWithin(journal.append(Entries.mixed(1)), Duration.ofSeconds(30));
            CompletableFuture<Long> whileDown = journal.append(Entries.mixed(2));
            assertThat(whileDown).as("fails at once while the database is down").isCompletedExceptionally();

            postgres.start();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> journal.appendNow(Entries.mixed(3)) > first);
            assertThat(journal.entriesAfter(0)).extracting(JournalEntry::getSeq).first().isEqualTo(first);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
