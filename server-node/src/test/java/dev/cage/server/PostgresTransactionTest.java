package dev.cage.server;

import dev.cage.server.journal.JournalConfig;
import dev.cage.server.journal.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Transactions with the journal on a real PostgreSQL, started by the test (zonky's binaries from Maven Central). */
class PostgresTransactionTest extends TransactionContract {
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    JournalConfig journalConfig(Path dataDir) throws Exception {
        return postgres.newJournal("transactions");
    }
}
