package dev.cage.server;

import dev.cage.server.journal.JournalConfig;
import dev.cage.server.journal.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Write-ahead journaling and recovery at start, with the journal on a real PostgreSQL. */
class PostgresJournaledNodeTest extends JournaledNodeTest {
    private static PostgresServer postgres;
    private JournalConfig journal;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    /** One database per test, made on first use and kept for that test's restarts. */
    @Override
    JournalConfig journalConfig() throws Exception {
        if (journal == null) {
            journal = postgres.newJournal("node");
        }
        return journal;
    }
}
