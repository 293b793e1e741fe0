package dev.cage.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on a real PostgreSQL, started here from the binaries on Maven Central (zonky). One server for the
 * class, a new database for each test. As root, zonky runs the server through {@code unshare -U}, which PostgreSQL
 * accepts (it refuses to run as uid 0).
 */
class PostgresJournalStoreTest extends JournalStoreContract {
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Override
    JournalConfig freshConfig() throws Exception {
        return postgres.newJournal("journal");
    }

    @Override
    JournalConfig unreachableConfig() throws IOException {
        return JournalConfig.of("jdbc:postgresql://127.0.0.1:" + closedPort() + "/journal", "postgres", "");
    }

    @Test
    void append_postgresStopsAndComesBack_failsBoundedThenFastThenRecovers(@TempDir Path data) throws IOException {
        EmbeddedPostgres own = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        int port = own.getPort();
        JournalConfig cfg = JournalConfig.of(own.getJdbcUrl("postgres", "postgres"), "postgres", "")
            .withRetryInterval(Duration.ofMillis(100));
        try (JournalStore journal = JournalStore.open(cfg)) {
            long first = journal.appendNow(Entries.mixed(0));

            own.close();
            assertFailsWithin(journal.append(Entries.mixed(1)), Duration.ofSeconds(30));
            CompletableFuture<Long> whileDown = journal.append(Entries.mixed(2));
            assertThat(whileDown).as("fails at once while the database is down").isCompletedExceptionally();

            own = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> journal.appendNow(Entries.mixed(3)) > first);
            assertThat(journal.entriesAfter(0)).extracting(JournalEntry::getSeq).first().isEqualTo(first);
        } finally {
            own.close();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
