package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import dev.cage.server.UserStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cage admin sessions|node} against a real node. */
class AdminCommandsTest {
    @TempDir
    Path tmp;
    TestNode node;
    Path adminSecret;
    Path aliceSecret;
    Cage alice;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(tmp.resolve("node"));
        UserStore.open(tmp.resolve("node/data")).put("alice", "alice-secret".toCharArray());
        node.stop();
        node.restart(); // the node reads its users at start
        adminSecret = Files.writeString(tmp.resolve("admin-secret"), node.secret() + "\n");
        aliceSecret = Files.writeString(tmp.resolve("alice-secret"), "alice-secret\n");
        alice = Cage.builder().name("alice").pageCount(0).responseTimeout(Duration.ofSeconds(10))
            .server("s", new ServerSpec("127.0.0.1", node.port(), "alice", "alice-secret")).build();
    }

    @AfterEach
    void stop() {
        alice.close();
        node.close();
    }

    private Cli.Run cage(String user, Path secret, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--user", user, "--secret-file", secret.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private String uri() {
        return "cage://127.0.0.1:" + node.port() + "/";
    }

    @Test
    void sessions_listsEachSessionWithItsOpenChannels() throws Exception {
        CageChannel ch = alice.open("s", "q4 final.csv", OpenMode.EXCLUSIVE, true);
        alice.write(ch, 0, new byte[42]);

        Cli.Run run = cage("admin", adminSecret, "admin", "sessions", uri());

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("SESSION", "USER", "REMOTE", "IDLE", "CHANNELS");
        String aliceLine = run.out().lines().filter(l -> l.contains(" alice ")).findFirst().orElseThrow();
        assertThat(aliceLine).contains(" no ").contains("127.0.0.1:").endsWith(" 1");
        assertThat(run.out()).containsPattern("handle \\d+ +EXCLUSIVE +42 bytes +version \\d+ +/q4 final.csv");
        assertThat(run.out()).contains(" admin ").contains("2 sessions"); // alice, and the command's own
    }

    @Test
    void endSession_endsAlicesSession_herNextCallFailsSayingWhy() throws Exception {
        alice.list("s", "");
        Cli.Run list = cage("admin", adminSecret, "admin", "sessions", uri());
        String aliceLine = list.out().lines().filter(l -> l.contains(" alice ")).findFirst().orElseThrow();
        long id = Long.parseLong(aliceLine.trim().split("\\s+")[0]);

        Cli.Run run = cage("admin", adminSecret, "admin", "end-session", uri(), Long.toString(id), "--reason", "backup");

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("ended session " + id);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alice.list("s", ""))
            .isInstanceOf(dev.cage.protocol.SessionEndedException.class).hasMessageContaining("backup");
        Cli.Run again = cage("admin", adminSecret, "admin", "end-session", uri(), Long.toString(id));
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("no live session " + id);
    }

    @Test
    void node_printsFactsAndTheExactCounters() throws Exception {
        CageChannel ch = alice.open("s", "f", OpenMode.EXCLUSIVE, true);
        alice.write(ch, 0, new byte[300]);
        alice.read(ch, 0, 100);
        alice.read(ch, 100, 100);

        Cli.Run run = cage("admin", adminSecret, "admin", "node", uri());

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out())
            .contains("root:            " + node.root().toAbsolutePath())
            .contains("listening:       127.0.0.1:" + node.port() + ", data ports ")
            .contains("journal:         on (h2)")
            .contains("sessions:        2")
            .contains("open:            1 files on 1 channels")
            .contains("reads served:    2 (200 bytes)")
            .contains("writes served:   1 (300 bytes)");
    }

    @Test
    void userWithoutTheAdminRole_failsWithOneLineAndExitCode1() {
        for (String what : List.of("sessions", "node")) {
            Cli.Run run = cage("alice", aliceSecret, "admin", what, uri());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.errLines()).singleElement().asString()
                .startsWith("cage: user 'alice' may not use ADMIN_").endsWith("it needs the admin role");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void missingUri_isAUsageError() {
        Cli.Run run = Cli.run("admin", "node");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cage: ");
    }
}
