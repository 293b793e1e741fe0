package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cage journal log|rollback|replay|diff|stats} against a real node. */
class JournalCommandsTest {
    @TempDir
    Path tmp;
    TestNode node;
    Path secretFile;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(tmp.resolve("node"));
        secretFile = Files.writeString(tmp.resolve("secret"), node.secret() + "\n");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private String uri(String path) {
        return "cage://127.0.0.1:" + node.port() + "/" + path;
    }

    private Cli.Run cage(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--user", "admin", "--secret-file", secretFile.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private void ok(Cli.Run run) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
    }

    private Instant putAndMark(Path local, String content, String remote) throws Exception {
        Files.writeString(local, content);
        ok(cage("put", local.toString(), uri(remote)));
        Instant t = Instant.now();
        while (t.equals(Instant.now()) || Instant.now().toEpochMilli() == t.toEpochMilli()) {
            Thread.onSpinWait(); // the next change is journaled strictly after t
        }
        return t;
    }

    @Test
    void logRollbackDiffAndStats_workFromTheCommandLine() throws Exception {
        Path local = tmp.resolve("local.txt");
        Instant first = putAndMark(local, "first version", "doc.txt");
        putAndMark(local, "second version, longer", "doc.txt");

        Cli.Run log = cage("journal", "log", uri("doc.txt"));
        ok(log);
        assertThat(log.out()).contains("CREATE  /doc.txt").contains("WRITE  /doc.txt").contains("size 0 -> 13");

        Cli.Run diff = cage("journal", "diff", uri("doc.txt"), "--from", first.toString());
        ok(diff);
        assertThat(diff.out()).contains("bytes 0-22 (22)");

        Cli.Run rollback = cage("journal", "rollback", uri("doc.txt"), "--to", first.toString());
        ok(rollback);
        assertThat(rollback.out()).contains("rolled back /doc.txt");
        assertThat(Files.readString(node.root().resolve("doc.txt"))).isEqualTo("first version");

        Cli.Run stats = cage("journal", "stats", uri(""));
        ok(stats);
        assertThat(stats.out()).contains("entries:").contains("bytes kept:");
    }

    @Test
    void branch_makesACopyAsOfAnInstant_andLeavesTheOriginal() throws Exception {
        Path local = tmp.resolve("local.txt");
        ok(cage("mkdir", uri("src")));
        Instant first = putAndMark(local, "as it was", "src/doc.txt");
        putAndMark(local, "as it is now", "src/doc.txt");

        Cli.Run branch = cage("branch", uri("src"), "--at", first.toString(), "--to", "/then");
        ok(branch);
        assertThat(branch.out()).contains("branched /src as of").contains("to /then");
        assertThat(Files.readString(node.root().resolve("then/doc.txt"))).isEqualTo("as it was");
        assertThat(Files.readString(node.root().resolve("src/doc.txt"))).isEqualTo("as it is now");

        Cli.Run again = cage("branch", uri("src"), "--at", first.toString(), "--to", "then");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("cannot branch to 'then': it exists");
    }

    @Test
    void replay_bringsACopyForward() throws Exception {
        Path local = tmp.resolve("local.txt");
        Path backup = Files.createDirectories(tmp.resolve("backup"));
        Instant copyTaken = putAndMark(local, "old", "r.txt");
        Files.writeString(backup.resolve("r.txt"), "old"); // the copy as of copyTaken
        putAndMark(local, "new bytes", "r.txt");
        ok(cage("mkdir", uri("sub")));
        ok(cage("journal", "replay", uri(""), "--onto", backup.toString(), "--from", copyTaken.toString()));
        assertThat(Files.readString(backup.resolve("r.txt"))).isEqualTo("new bytes");
        assertThat(backup.resolve("sub")).isDirectory();
    }

    @Test
    void badInstant_isAUsageError() {
        Cli.Run run = cage("journal", "rollback", uri("x"), "--to", "yesterday-ish");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not an instant");
    }
}
