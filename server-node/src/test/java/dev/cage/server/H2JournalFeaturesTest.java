package dev.cage.server;

import dev.cage.server.journal.JournalConfig;
import java.nio.file.Path;

class H2JournalFeaturesTest extends JournalFeaturesContract {
    @Override
    JournalConfig journalConfig(Path dataDir) {
        return JournalConfig.embedded(dataDir);
    }
}
