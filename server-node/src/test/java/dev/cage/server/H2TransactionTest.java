package dev.cage.server;

import dev.cage.server.journal.JournalConfig;
import java.nio.file.Path;

class H2TransactionTest extends TransactionContract {
    @Override
    JournalConfig journalConfig(Path dataDir) {
        return JournalConfig.embedded(dataDir);
    }
}
