package dev.cage.server;

import dev.cage.server.journal.JournalConfig;
import dev.cage.server.journal.PostgresExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transactions with the journal on a real PostgreSQL, started by the test (zonky's binaries from Maven Central). */
class PostgresTransactionTest extends TransactionContract {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Override
    JournalConfig journalConfig(Path dataDir) throws Exception {
        return postgres.newJournal("transactions");
    }
}
