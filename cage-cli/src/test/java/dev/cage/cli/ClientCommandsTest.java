package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real node, run in-process. */
class ClientCommandsTest {
    @TempDir
    Path tmp;

    private TestNode node;
    private Path secretFile;

    @BeforeEach
    void startNode() throws Exception {
        node = TestNode.start(tmp.resolve("node"));
        secretFile = Files.writeString(tmp.resolve("secret"), node.secret() + "\n");
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    private String uri(String path) {
        return "cage://127.0.0.1:" + node.port() + "/" + path;
    }

    /** Runs a client command with the node's admin credentials appended. */
    private Cli.Run cage(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--user", "admin", "--secret-file", secretFile.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private static void assertSucceeded(Cli.Run run) {
        assertThat(run.err()).as("stderr").doesNotContain("cage:");
        assertThat(run.exitCode()).as("exit code").isZero();
    }

    @Test
    void putThenGet_roundTripsTheBytes() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 123]; // more than one chunk, not a whole number of them
        new Random(7).nextBytes(data);
        Path local = Files.write(tmp.resolve("data.bin"), data);
        Path back = tmp.resolve("back.bin");

        assertSucceeded(cage("put", local.toString(), uri("data.bin")));
        assertSucceeded(cage("get", uri("data.bin"), back.toString()));

        assertThat(Files.readAllBytes(node.root().resolve("data.bin"))).isEqualTo(data);
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".cage-part"));
    }

    @Test
    void put_overExistingLongerFile_replacesItsContent() throws Exception {
        Files.writeString(node.root().resolve("f.txt"), "a much longer old content");
        Path local = Files.writeString(tmp.resolve("f.txt"), "new");

        assertSucceeded(cage("put", local.toString(), uri("f.txt")));

        assertThat(node.root().resolve("f.txt")).hasContent("new");
    }

    @Test
    void put_toDirectory_keepsTheLocalName() throws Exception {
        Files.createDirectory(node.root().resolve("docs"));
        Path local = Files.writeString(tmp.resolve("a.txt"), "A");

        assertSucceeded(cage("put", local.toString(), uri("docs")));
        assertSucceeded(cage("put", local.toString(), uri("")));

        assertThat(node.root().resolve("docs/a.txt")).hasContent("A");
        assertThat(node.root().resolve("a.txt")).hasContent("A");
    }

    @Test
    void get_toDirectory_keepsTheRemoteName() throws Exception {
        Files.writeString(node.root().resolve("r.txt"), "R");
        Path dir = Files.createDirectory(tmp.resolve("down"));

        assertSucceeded(cage("get", uri("r.txt"), dir.toString()));

        assertThat(dir.resolve("r.txt")).hasContent("R");
    }

    @Test
    void ls_namesEachEntryWithTypeAndSize() throws Exception {
        Files.write(node.root().resolve("five.bin"), new byte[5]);
        Files.createDirectory(node.root().resolve("sub"));

        Cli.Run run = cage("ls", uri(""));

        assertSucceeded(run);
        assertThat(run.out().lines()).hasSize(2);
        assertThat(run.out().lines()).anySatisfy(l -> assertThat(l).matches("file +5 +\\S+Z +five\\.bin"));
        assertThat(run.out().lines()).anySatisfy(l -> assertThat(l).matches("dir +0 +\\S+Z +sub/"));
    }

    @Test
    void ls_ofAFile_listsThatFile() throws Exception {
        Files.write(node.root().resolve("one.bin"), new byte[3]);

        Cli.Run run = cage("ls", uri("one.bin"));

        assertSucceeded(run);
        assertThat(run.out().lines()).singleElement().satisfies(l -> assertThat(l).matches("file +3 +\\S+ +one\\.bin"));
    }

    @Test
    void stat_showsPathTypeSizeTimesAndVersion() throws Exception {
        Files.write(node.root().resolve("s.bin"), new byte[42]);

        Cli.Run run = cage("stat", uri("s.bin"));

        assertSucceeded(run);
        assertThat(run.out()).contains("path:     /s.bin", "type:     file", "size:     42", "created:  ",
            "modified: ", "version:  ");
    }

    @Test
    void namespaceCommands_changeTheNodesTree() throws Exception {
        Path root = node.root();
        Files.writeString(root.resolve("old.txt"), "x");

        assertSucceeded(cage("mkdir", uri("dir")));
        assertThat(root.resolve("dir")).isDirectory();

        assertSucceeded(cage("mv", uri("old.txt"), "/dir/new.txt"));
        assertThat(root.resolve("old.txt")).doesNotExist();
        assertThat(root.resolve("dir/new.txt")).hasContent("x");

        assertSucceeded(cage("mv", uri("dir/new.txt"), uri("top.txt")));
        assertThat(root.resolve("top.txt")).hasContent("x");

        assertSucceeded(cage("rm", uri("top.txt")));
        assertThat(root.resolve("top.txt")).doesNotExist();

        assertSucceeded(cage("rmdir", uri("dir")));
        assertThat(root.resolve("dir")).doesNotExist();
    }

    @Test
    void get_missingFile_failsWithOneLineNamingIt() {
        Cli.Run run = cage("get", uri("no/such.bin"), tmp.resolve("x").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("cage: ").contains("no/such.bin");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void rm_missingFile_failsWithOneLine() {
        Cli.Run run = cage("rm", uri("ghost.txt"));

        assertThat(run.exitCode()).isEqualTo(1);
        // Not asserting the path: the node currently reports failed namespace operations as '?' (see DataHandler).
        assertThat(run.errLines()).singleElement().asString().startsWith("cage: no such file or directory");
    }

    @Test
    void put_missingLocalFile_failsWithOneLineNamingIt() {
        Cli.Run run = cage("put", tmp.resolve("nothing.bin").toString(), uri("x"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("cage: ").contains("nothing.bin");
    }

    @Test
    void badUri_isAUsageError() {
        Cli.Run run = cage("ls", "http://127.0.0.1:" + node.port() + "/");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("cage: ").contains("cage://");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void mv_toAnotherNode_isAUsageError() {
        Cli.Run run = cage("mv", uri("a"), "cage://elsewhere:7070/b");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("one node");
    }

    @Test
    void wrongSecret_failsWithAnAuthenticationMessage() throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong"), "admin\nnot-the-secret\n");

        Cli.Run run = Cli.run("ls", uri(""), "--secret-file", wrong.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("cage: ").contains("authentication failed");
    }

    @Test
    void verbose_addsTheStackTrace() {
        Cli.Run run = cage("-v", "rm", uri("ghost.txt"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines().get(0)).startsWith("cage: ");
        assertThat(run.err()).contains("CageFileNotFoundException", "\tat ");
    }
}
