package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cage.server.CageNode;
import dev.cage.server.NodeConfig;
import dev.cage.server.TestNode;
import dev.cage.server.UserStore;
import dev.cage.server.group.GroupConfig;
import dev.cage.testkit.FreePorts;
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
        int port = FreePorts.block(3);
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
    void add_promote_remove_changeTheGroup_andStatusShowsEachMembersRole() throws Exception {
        int port = FreePorts.block(3);
        int joinerPort = FreePorts.block(3);
        Path secret = Files.writeString(tmp.resolve("secret"), "group-secret\n");
        GroupConfig.Member m0 = new GroupConfig.Member("m0", "127.0.0.1", port, port + 2);
        GroupConfig.Member m1 = new GroupConfig.Member("m1", "127.0.0.1", joinerPort, joinerPort + 2);
        for (String m : List.of("m0", "m1")) {
            UserStore.open(tmp.resolve(m).resolve("data")).put("admin", "group-secret".toCharArray(), true);
        }
        try (CageNode leader = start(tmp.resolve("m0"), new GroupConfig("duo", "m0", List.of(m0)));
             CageNode joiner = start(tmp.resolve("m1"), new GroupConfig("duo", "m1", List.of(m1)).joining(true))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.member().serving());
            String uri = "cage://127.0.0.1:" + port + "/";

            Cli.Run add = group("add", uri, "m1=127.0.0.1:" + joinerPort + ":" + (joinerPort + 2), "--spare",
                "--user", "admin", "--secret-file", secret.toString());
            assertThat(add.exitCode()).as("stderr: %s", add.err()).isZero();
            assertThat(add.out()).contains("member m1 is in the group now, as a spare");
            assertThat(group("status", uri, "--user", "admin", "--secret-file", secret.toString()).out())
                .containsPattern("m1 +127.0.0.1:" + joinerPort + " +127.0.0.1:" + (joinerPort + 2) + " +spare ");

            Cli.Run promote = group("promote", uri, "m1", "--user", "admin", "--secret-file", secret.toString());
            assertThat(promote.out()).as("stderr: %s", promote.err()).contains("member m1 votes now");
            assertThat(group("status", uri, "--user", "admin", "--secret-file", secret.toString()).out())
                .containsPattern("m1 +\\S+ +\\S+ +follower ");

            // A file put through the leader is read at the follower with --follower-reads; a change there is refused.
            Path local = Files.writeString(tmp.resolve("local.txt"), "put through the leader");
            String[] login = {"--user", "admin", "--secret-file", secret.toString()};
            assertThat(Cli.run(with(login, "put", local.toString(), uri + "f.txt")).exitCode()).isZero();
            String atFollower = "cage://127.0.0.1:" + joinerPort + "/";
            Cli.Run get = Cli.run(with(login, "get", atFollower + "f.txt", tmp.resolve("got.txt").toString(),
                "--follower-reads"));
            assertThat(get.exitCode()).as("stderr: %s", get.err()).isZero();
            assertThat(Files.readString(tmp.resolve("got.txt"))).isEqualTo("put through the leader");
            Cli.Run put = Cli.run(with(login, "put", local.toString(), atFollower + "g.txt", "--follower-reads"));
            assertThat(put.exitCode()).isNotZero();
            assertThat(put.err()).contains("does not lead the group");

            Cli.Run remove = group("remove", uri, "m1", "--user", "admin", "--secret-file", secret.toString());
            assertThat(remove.out()).as("stderr: %s", remove.err()).contains("member m1 is out of the group");
            assertThat(group("status", uri, "--user", "admin", "--secret-file", secret.toString()).out())
                .doesNotContain("m1 ");

            Cli.Run last = group("remove", uri, "m0", "--user", "admin", "--secret-file", secret.toString());
            assertThat(last.exitCode()).isNotZero();
            assertThat(last.err()).contains("the group's last voter");
        }
    }

    private static CageNode start(Path dir, GroupConfig group) throws Exception {
        return CageNode.start(NodeConfig.builder(Files.createDirectories(dir.resolve("root"))).dataDir(dir.resolve("data"))
            .port(group.me().port()).dataPorts(1).group(group).build());
    }

    private static String[] with(String[] login, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + login.length);
        System.arraycopy(login, 0, all, args.length, login.length);
        return all;
    }

    private static Cli.Run group(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "group";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(all);
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
