package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery after a kill must not undo what had already happened. A node killed with SIGKILL leaves its files as
 * they were (the kernel keeps what was written) and its journal as of the last commit; at the next start recovery
 * replays every entry since the last checkpoint, most of which had reached the disk. Replaying an old entry onto a
 * name that now belongs to another file, or bringing back a file that was removed, puts bytes where nobody wrote
 * them.
 *
 * <p>The kill is played by copying the root and the data directory of a running node once it is idle (every change
 * is on disk and in the journal before its reply, and the copy of the journal file is what a kill leaves), with no
 * checkpoint since its start; a second node starts on the copy.
 */
class RecoveryAfterKillTest {
    @TempDir
    Path tmp;
    private TestNode running;
    private CageNode restarted;

    @AfterEach
    void stop() {
        if (restarted != null) {
            restarted.close();
        }
        if (running != null) {
            running.close();
        }
    }

    private Cage start() throws Exception {
        running = TestNode.start(tmp.resolve("a"), b -> b.checkpointInterval(Duration.ofHours(1)));
        return running.clientBuilder("s").pageCount(0).build();
    }

    /** Copies the running node's files as a kill would leave them, and starts a node on the copy. */
    private Path killAndRestart(Cage cage) throws IOException {
        cage.mkdir("s", "quiet"); // a journaled change: every earlier entry is committed too
        Path copy = tmp.resolve("b");
        copyTree(tmp.resolve("a"), copy);
        restarted = CageNode.start(NodeConfig.builder(copy.resolve("root")).dataDir(copy.resolve("data")).port(0).build());
        return copy.resolve("root");
    }

    @Test
    void fileCreatedAndRemoved_staysRemoved() throws Exception {
        try (Cage cage = start()) {
            cage.create("s", "gone");
            cage.remove("s", "gone");
            Path root = killAndRestart(cage);

            assertThat(root.resolve("gone")).doesNotExist();
        }
    }

    @Test
    void fileRemovedAndCreatedAgain_holdsOnlyTheNewBytes() throws Exception {
        try (Cage cage = start()) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "the old file's bytes".getBytes());
            cage.close(ch);
            cage.remove("s", "f");
            ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "new".getBytes());
            cage.close(ch);
            Path root = killAndRestart(cage);

            assertThat(Files.readString(root.resolve("f"))).isEqualTo("new");
        }
    }

    @Test
    void fileRenamedAwayAndNameReused_eachKeepsItsOwnBytes() throws Exception {
        try (Cage cage = start()) {
            CageChannel ch = cage.open("s", "a", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "first file".getBytes());
            cage.close(ch);
            cage.rename("s", "a", "b");
            ch = cage.open("s", "a", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "2nd".getBytes());
            cage.close(ch);
            Path root = killAndRestart(cage);

            assertThat(Files.readString(root.resolve("a"))).isEqualTo("2nd");
            assertThat(Files.readString(root.resolve("b"))).isEqualTo("first file");
        }
    }

    @Test
    void fileCreatedRenamedAndRemoved_leavesNeitherName() throws Exception {
        try (Cage cage = start()) {
            cage.create("s", "x");
            cage.rename("s", "x", "y");
            cage.remove("s", "y");
            Path root = killAndRestart(cage);

            assertThat(root.resolve("x")).doesNotExist();
            assertThat(root.resolve("y")).doesNotExist();
        }
    }

    @Test
    void directoryRemovedAndFileCreatedInItsPlace_staysAFile() throws Exception {
        try (Cage cage = start()) {
            cage.mkdir("s", "d");
            cage.rmdir("s", "d");
            CageChannel ch = cage.open("s", "d", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "a file now".getBytes());
            cage.close(ch);
            Path root = killAndRestart(cage);

            assertThat(Files.readString(root.resolve("d"))).isEqualTo("a file now");
        }
    }

    @Test
    void writesTruncatesAndRenamesOfOneFile_endAsTheyWere() throws Exception {
        try (Cage cage = start()) {
            cage.mkdir("s", "dir");
            CageChannel ch = cage.open("s", "dir/f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "0123456789".getBytes());
            cage.truncate(ch, 4);
            cage.write(ch, 6, "xy".getBytes());
            cage.close(ch);
            cage.rename("s", "dir", "moved");
            ch = cage.open("s", "moved/f", OpenMode.EXCLUSIVE, false);
            cage.write(ch, 0, "AB".getBytes());
            cage.close(ch);
            Path root = killAndRestart(cage);

            assertThat(Files.readAllBytes(root.resolve("moved/f"))).isEqualTo("AB23\0\0xy".getBytes());
            assertThat(root.resolve("dir")).doesNotExist();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = s.sorted(Comparator.naturalOrder()).toList();
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }
}
