package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cage.server.CageNode;
import dev.cage.server.NodeConfig;
import dev.cage.server.TestNode;
import dev.cage.server.UserStore;
import dev.cage.server.group.GroupConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cage group status} against a real group of one member, and against a standalone node. */
class GroupStatusCommandTest {
    @TempDir
    Path tmp;

    @Test
    void status_ofAGroupOfOne_showsItsLeaderAndMember() throws Exception {
        int port = TestNode.freePortBlock(3);
        Path data = tmp.resolve("data");
        UserStore.open(data).put("admin", "group-secret".toCharArray(), true);
        Path secret = Files.writeString(tmp.resolve("secret"), "group-secret\n");
        GroupConfig.Member m0 = new GroupConfig.Member("m0", "127.0.0.1", port, port + 2);
        try (CageNode node = CageNode.start(NodeConfig.builder(Files.createDirectories(tmp.resolve("root")))
            .dataDir(data).port(port).dataPorts(1).group(new GroupConfig("solo", "m0", List.of(m0))).build())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> node.member().serving());

            Cli.Run run = Cli.run("group", "status", "cage://127.0.0.1:" + port + "/", "--user", "admin",
                "--secret-file", secret.toString());

            assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
            assertThat(run.out()).contains("group solo as m0 sees it: leader m0, term ");
            assertThat(run.out()).containsPattern("m0 +127.0.0.1:" + port + " +127.0.0.1:" + (port + 2) + " +leader +\\d+ +0");

            Cli.Run toSelf = Cli.run("group", "transfer", "cage://127.0.0.1:" + port + "/", "--to", "m0", "--user", "admin",
                "--secret-file", secret.toString());
            assertThat(toSelf.exitCode()).as("stderr: %s", toSelf.err()).isZero();
            assertThat(toSelf.out()).contains("member m0 leads the group now");
            Cli.Run toNobody = Cli.run("group", "transfer", "cage://127.0.0.1:" + port + "/", "--to", "m7", "--user", "admin",
                "--secret-file", secret.toString());
            assertThat(toNobody.exitCode()).isNotZero();
            assertThat(toNobody.err()).contains("no member 'm7'");
        }
    }

    @Test
    void status_ofAStandaloneNode_isAnError() throws Exception {
        try (TestNode node = TestNode.start(tmp)) {
            Path secret = Files.writeString(tmp.resolve("secret"), node.secret() + "\n");

            Cli.Run run = Cli.run("group", "status", "cage://127.0.0.1:" + node.port() + "/", "--user", "admin",
                "--secret-file", secret.toString());

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.err()).contains("is not a member of a replicated group");
        }
    }
}
