package dev.cage.server;

import dev.cage.server.journal.JournalConfig;
import dev.cage.server.journal.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Write-ahead journaling and recovery at start, with the journal on a real PostgreSQL. */
class PostgresJournaledNodeTest extends JournaledNodeTest {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    private JournalConfig journal;

    /** One database per test, made on first use and kept for that test's restarts. */
    @Override
    JournalConfig journalConfig() throws Exception {
        if (journal == null) {
            journal = postgres.newJournal("node");
        }
        return journal;
    }
}
