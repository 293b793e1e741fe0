package dev.cage.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {
    @TempDir
    Path dir;

    @Test
    void entriesComeBackNewestFirst_andOutliveARestart_evenAfterATornLastLine() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditTrail trail = new AuditTrail(file);
        trail.record("ann", "roll back", "main:a.txt to 2026-12-06T10:00:00Z", "done: 2 journal entries undone");
        trail.record("bob", "POST nodes/main/rollback", "", "refused: needs the admin role");
        Files.writeString(file, "3\t2026-12-06T10:00", StandardOpenOption.APPEND); // a crash mid-line

        AuditTrail reopened = new AuditTrail(file);
        assertThat(reopened.newest(10)).extracting(AuditTrail.Entry::user).containsExactly("bob", "ann");
        AuditTrail.Entry next = reopened.record("ann", "log out", "", "done");
        assertThat(next.seq()).isEqualTo(3);
    }

    @Test
    void tabsAndNewlinesInNames_cannotForgeEntries() {
        Path file = dir.resolve("audit.log");
        AuditTrail trail = new AuditTrail(file);
        trail.record("ann", "roll back", "x\t\n4\tforged", "done");
        assertThat(new AuditTrail(file).newest(10)).hasSize(1);
    }
}
