package dev.cage.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on its default database: an embedded H2 file in the node's data directory. */
class H2JournalStoreTest extends JournalStoreContract {
    @TempDir
    Path tmp;
    private int databases;

    @Override
    JournalConfig freshConfig() {
        return JournalConfig.embedded(tmp.resolve("node" + ++databases));
    }

    @Override
    JournalConfig unreachableConfig() {
        return JournalConfig.of("jdbc:h2:file:" + tmp.resolve("missing/journal") + ";IFEXISTS=TRUE", "cage", "");
    }

    @Test
    void embedded_defaultConfig_keepsTheDatabaseInTheDataDirectory() {
        store.appendNow(Entries.mixed(0));

        assertThat(tmp.resolve("node1/journal.mv.db")).isRegularFile();
    }

    @Test
    void append_databaseShutDownUnderneath_journalReconnects() throws Exception {
        long first = store.appendNow(Entries.mixed(0));

        execute("SHUTDOWN");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> store.appendNow(Entries.mixed(1)) > first);
        assertThat(store.entriesAfter(0)).extracting(JournalEntry::getSeq).first().isEqualTo(first);
    }

    @Test
    void open_corruptDatabaseFile_failsClearly() throws Exception {
        Path dir = tmp.resolve("corrupt");
        Files.createDirectories(dir);
        Files.write(dir.resolve("journal.mv.db"), Entries.bytes(64 * 1024, 5));

        assertThatThrownBy(() -> JournalStore.open(JournalConfig.embedded(dir)))
            .isInstanceOf(JournalUnavailableException.class)
            .hasMessageContaining("cannot open the journal database");
    }
}
