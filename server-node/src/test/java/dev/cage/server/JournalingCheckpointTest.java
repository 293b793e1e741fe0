package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalingCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void moved_fileChangedThenRenamed_isStillForcedUnderItsNewName() throws Exception {
        Journaling j = new Journaling(null, false, Clock.systemUTC(), RootedStorage.open(tmp),
            RootedStorage.open(tmp.resolve("trash")), Duration.ofDays(1));
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Path f = Files.writeString(dir.resolve("f"), "x");
        j.touched(f);
        Path moved = tmp.resolve("e");
        Files.move(dir, moved);
        j.moved(dir, moved);
        assertThat(j.touchedPaths()).contains(moved.resolve("f"), moved).doesNotContain(f);
    }
}
