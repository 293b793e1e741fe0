package dev.cage.server;

import dev.cage.server.journal.JournalConfig;
import dev.cage.server.journal.PostgresExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The journal features on a real PostgreSQL, started by the test (zonky's binaries from Maven Central). */
class PostgresJournalFeaturesTest extends JournalFeaturesContract {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Override
    JournalConfig journalConfig(Path dataDir) throws Exception {
        return postgres.newJournal("features");
    }
}
