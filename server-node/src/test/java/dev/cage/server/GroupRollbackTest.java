package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal rollback in a replicated group: the leader works out the undo steps from its journal and puts each into
 * the group's log, so every member's tree goes back to the same state, the one of the instant asked for.
 */
class GroupRollbackTest {
    @TempDir
    Path tmp;

    @Test
    void rollbackOfTheWholeTree_takesEveryMemberBackToTheInstant() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0)
                     .responseTimeout(Duration.ofSeconds(20)).build()) {
                cage.mkdir("g", "docs");
                write(cage, "docs/a.txt", "version one");
                write(cage, "docs/keep.txt", "kept as it was");
                write(cage, "docs/gone.txt", "removed after the instant, back after the rollback");
                write(cage, "docs/old.txt", "renamed after the instant");
                g.awaitApplied();
                Map<String, String> then = g.tree(leader);
                Instant instant = Instant.now();

                write(cage, "docs/a.txt", "VERSION TWO, and longer than the first");
                CageChannel keep = cage.open("g", "docs/keep.txt", OpenMode.SHARED_WRITE);
                cage.truncate(keep, 4);
                cage.close(keep);
                write(cage, "docs/new.txt", "created after the instant");
                cage.rename("g", "docs/old.txt", "docs/moved.txt");
                cage.remove("g", "docs/gone.txt");
                cage.mkdir("g", "later");
                g.awaitApplied();
                assertThat(g.tree(leader)).isNotEqualTo(then);

                int steps = cage.journal("g").rollback("", true, instant);

                assertThat(steps).isPositive();
                g.awaitApplied();
                for (int i = 0; i < 3; i++) {
                    assertThat(g.tree(i)).as("member %d", i).isEqualTo(then);
                }
                // And it is an ordinary change everywhere: the group goes on from there.
                write(cage, "docs/after.txt", "after the rollback");
                g.awaitApplied();
                for (int i = 0; i < 3; i++) {
                    assertThat(g.tree(i)).as("member %d", i).isEqualTo(g.tree(leader)).containsKey("docs/after.txt");
                }
            }
        }
    }

    @Test
    void branchOfADirectory_isTheSameOnEveryMember_andLeavesTheOriginal() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0)
                     .responseTimeout(Duration.ofSeconds(20)).build()) {
                cage.mkdir("g", "src");
                write(cage, "src/a.txt", "a as it was");
                write(cage, "src/left.txt", "left the directory after the instant");
                g.awaitApplied();
                Instant instant = Instant.now();
                write(cage, "src/a.txt", "a changed since");
                write(cage, "src/new.txt", "not there at the instant");
                cage.rename("g", "src/left.txt", "outside.txt");
                g.awaitApplied();
                Map<String, String> before = g.tree(leader);

                int changes = cage.journal("g").branch("src", instant, "then", dev.cage.client.ProgressListener.NONE);

                assertThat(changes).isPositive();
                g.awaitApplied();
                Map<String, String> tree = g.tree(leader);
                assertThat(tree).containsEntry("then/a.txt", hex("a as it was"))
                    .containsEntry("then/left.txt", hex("left the directory after the instant"))
                    .doesNotContainKey("then/new.txt");
                tree.keySet().removeIf(k -> k.startsWith("then"));
                assertThat(tree).as("everything but the branch").isEqualTo(before);
                for (int i = 0; i < 3; i++) {
                    assertThat(g.tree(i)).as("member %d", i).isEqualTo(g.tree(leader));
                }
            }
        }
    }

    private static String hex(String text) {
        return java.util.HexFormat.of().formatHex(text.getBytes());
    }

    private static void write(Cage cage, String path, String text) throws Exception {
        CageChannel ch = cage.open("g", path, OpenMode.EXCLUSIVE, true);
        byte[] bytes = text.getBytes();
        cage.write(ch, 0, bytes);
        cage.truncate(ch, bytes.length);
        cage.close(ch);
    }
}
