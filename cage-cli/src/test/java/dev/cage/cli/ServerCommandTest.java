package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.server.NodeConfig;
import dev.cage.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code cage server} turns options and a config file into a {@link NodeConfig}, without starting a node. */
class ServerCommandTest {
    @TempDir
    Path tmp;

    private static NodeConfig resolve(String... args) {
        ServerCommand server = new ServerCommand();
        new CommandLine(server).parseArgs(args);
        return server.nodeConfig();
    }

    @Test
    void options_defaultToTheDocumentedValues() {
        NodeConfig c = resolve("--root", tmp.toString());

        assertThat(c.root()).isEqualTo(tmp.toAbsolutePath());
        assertThat(c.port()).isEqualTo(7070);
        assertThat(c.dataPorts()).isEqualTo(4);
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".cage", "node-7070"));
        assertThat(c.tls()).isFalse();
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void options_areAllApplied() {
        NodeConfig c = resolve("--root", "r", "--port", "9000", "--data-ports", "2", "--bind", "0.0.0.0",
            "--data-dir", tmp.resolve("d").toString(), "--idle-timeout", "1m30s", "--max-frame-size", "65536",
            "--tls-cert", "c.pem", "--tls-key", "k.pem", "--checkpoint-interval", "500ms");

        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.dataPorts()).isEqualTo(2);
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.dataDir()).isEqualTo(tmp.resolve("d"));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.maxFrameSize()).isEqualTo(65536);
        assertThat(c.tlsCert()).isEqualTo(Path.of("c.pem"));
        assertThat(c.tlsKey()).isEqualTo(Path.of("k.pem"));
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void configFile_suppliesWhatTheCommandLineDoesNot() throws Exception {
        Path file = Files.writeString(tmp.resolve("node.properties"), String.join("\n",
            "root=served", "port=8000", "data-ports=3", "idle-timeout=30s", "data-dir=/var/cage", "max-frame-size=8192"));

        NodeConfig c = resolve("--config", file.toString(), "--port", "9100");

        assertThat(c.root()).as("relative to the file").isEqualTo(tmp.resolve("served").toAbsolutePath());
        assertThat(c.port()).as("the command line wins").isEqualTo(9100);
        assertThat(c.dataPorts()).isEqualTo(3);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/cage"));
        assertThat(c.maxFrameSize()).isEqualTo(8192);
        assertThat(c.bindAddress()).as("neither: the default").isEqualTo("127.0.0.1");
    }

    @Test
    void limits_defaultToTheNodes_andAreTakenFromOptionsOrTheConfigFile() throws Exception {
        assertThat(resolve("--root", tmp.toString()).limits()).isEqualTo(dev.cage.server.NodeLimits.DEFAULT);
        Path file = Files.writeString(tmp.resolve("limits.properties"), String.join("\n",
            "root=served", "max-sessions-per-user=4", "login-deadline=5s"));

        NodeConfig c = resolve("--config", file.toString(), "--max-channels-per-session", "64", "--max-open-channels",
            "5000", "--max-connections-per-address", "20", "--max-connections", "300", "--max-file-size", "1073741824");

        assertThat(c.limits().channelsPerSession()).isEqualTo(64);
        assertThat(c.limits().openChannels()).isEqualTo(5000);
        assertThat(c.limits().sessionsPerUser()).as("from the file").isEqualTo(4);
        assertThat(c.limits().loginDeadline()).as("from the file").isEqualTo(Duration.ofSeconds(5));
        assertThat(c.limits().connectionsPerAddress()).isEqualTo(20);
        assertThat(c.limits().connections()).isEqualTo(300);
        assertThat(c.limits().fileSize()).isEqualTo(1L << 30);
        assertThatThrownBy(() -> resolve("--root", "r", "--max-connections", "0")).isInstanceOf(UsageException.class)
            .hasMessageContaining("must be positive");
    }

    @Test
    void configFile_unknownKey_isAUsageError() throws Exception {
        Path file = Files.writeString(tmp.resolve("typo.properties"), "root=x\ndata-port=3\n");

        Cli.Run run = Cli.run("server", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("unknown key 'data-port'");
    }

    @Test
    void configFile_badValue_isAUsageError() throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.properties"), "root=x\nidle-timeout=soon\n");

        Cli.Run run = Cli.run("server", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("'soon' is not a duration");
    }

    @Test
    void configFile_missing_isAUsageError() {
        Cli.Run run = Cli.run("server", "--config", tmp.resolve("absent.properties").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("absent.properties");
    }

    @Test
    void noRoot_isAUsageError() {
        Cli.Run run = Cli.run("server", "--port", "9000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("--root");
    }

    @Test
    void halfOfTls_isRefused() {
        assertThatThrownBy(() -> resolve("--root", "r", "--tls-cert", "c.pem"))
            .isInstanceOf(UsageException.class).hasMessageContaining("TLS needs both");
    }

    @Test
    void groupOptions_makeAMember_servingOnItsOwnEntrysPort() {
        NodeConfig c = resolve("--root", "r", "--group", "docs", "--member", "m1",
            "--members", "m0=10.0.0.1:7070:7079, m1=10.0.0.2:7170:7179");

        assertThat(c.group().name()).isEqualTo("docs");
        assertThat(c.group().self()).isEqualTo("m1");
        assertThat(c.group().members()).extracting(m -> m.toString())
            .containsExactly("m0=10.0.0.1:7070:7079", "m1=10.0.0.2:7170:7179");
        assertThat(c.port()).isEqualTo(7170);
        assertThat(c.group().joining()).isFalse();
        assertThat(c.group().promoteSparesAfter()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(resolve("--root", "r").group()).isNull();

        NodeConfig joiner = resolve("--root", "r", "--group", "docs", "--member", "m3", "--members",
            "m3=10.0.0.4:7370:7379", "--join", "--promote-spares-after", "0s");
        assertThat(joiner.group().joining()).isTrue();
        assertThat(joiner.group().promoteSparesAfter()).isZero();
        assertThat(joiner.port()).isEqualTo(7370);
    }

    @Test
    void groupOptions_halfGivenOrMalformed_areUsageErrors() {
        assertThatThrownBy(() -> resolve("--root", "r", "--group", "docs", "--member", "m0"))
            .isInstanceOf(UsageException.class).hasMessageContaining("--group, --member and --members");
        assertThatThrownBy(() -> resolve("--root", "r", "--group", "docs", "--member", "m9", "--members", "m0=h:1:2"))
            .isInstanceOf(UsageException.class).hasMessageContaining("'m9' is not among the members");
        assertThatThrownBy(() -> resolve("--root", "r", "--group", "docs", "--member", "m0", "--members", "m0=h:1"))
            .isInstanceOf(UsageException.class).hasMessageContaining("'m0=h:1' is not id=host:port:raftPort");
        assertThatThrownBy(() -> resolve("--root", "r", "--join"))
            .isInstanceOf(UsageException.class).hasMessageContaining("with --join, --members holds this member's entry");
    }

    @Test
    void describe_saysWhereItServesAndWhereTheAdminSecretIs() throws Exception {
        try (TestNode node = TestNode.start(tmp)) {
            String line = ServerCommand.describe(node.node());

            assertThat(line).contains(node.root().toString(), "127.0.0.1:" + node.port(), "data ports ",
                node.node().adminSecretFile().toString());
        }
    }
}
