package dev.cage.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryEntryTest {
    @Test
    void aFilesHistory_isThatFileOnly_aSubtreesIsEverythingUnderIt() {
        assertThat(entry("WRITE", "docs/a.txt", null).concerns("docs/a.txt", false)).isTrue();
        assertThat(entry("WRITE", "docs/a.txt.bak", null).concerns("docs/a.txt", false)).isFalse();
        assertThat(entry("WRITE", "docs/a.txt", null).concerns("/docs/", true)).isTrue();
        assertThat(entry("WRITE", "docsx/a.txt", null).concerns("docs", true)).isFalse();
        assertThat(entry("RENAME", "tmp/x", "docs/a.txt").concerns("docs/a.txt", false)).isTrue();
        assertThat(entry("WRITE", "anything", null).concerns("", true)).isTrue();
    }

    @Test
    void onlySuccessfulChangesOfBytesOrNames_areUndoneByARollback() {
        assertThat(entry("WRITE", "a", null).isChange()).isTrue();
        assertThat(entry("RENAME", "a", "b").isChange()).isTrue();
        assertThat(entry("OPEN", "a", null).isChange()).isFalse();
        assertThat(entry("CLOSE", "a", null).isChange()).isFalse();
    }

    private static HistoryEntry entry(String op, String path, String path2) {
        return new HistoryEntry(1, Instant.EPOCH, 1, "ann", op, path, path2, "OK", 0, 0, 0, 0);
    }
}
