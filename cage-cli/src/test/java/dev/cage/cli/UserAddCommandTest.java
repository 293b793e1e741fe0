package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.server.TestNode;
import dev.cage.server.UserStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserAddCommandTest {
    @TempDir
    Path tmp;

    @Test
    void add_withoutSecret_generatesOneThatLogsInAfterARestart() throws Exception {
        try (TestNode node = TestNode.start(tmp)) {
            Path dataDir = node.node().config().dataDir();

            Cli.Run run = Cli.run("user", "add", "bob", "--data-dir", dataDir.toString());

            assertThat(run.exitCode()).isZero();
            String secret = run.out().lines().filter(l -> l.startsWith("secret: ")).findFirst().orElseThrow()
                .substring("secret: ".length());
            assertThat(UserStore.open(dataDir).keys("bob")).isNotNull();

            node.stop();
            node.restart(); // a node reads its users when it starts
            Path secretFile = Files.writeString(tmp.resolve("bob.secret"), "bob\n" + secret + "\n");
            Cli.Run ls = Cli.run("ls", "cage://127.0.0.1:" + node.port() + "/", "--secret-file", secretFile.toString());
            assertThat(ls.exitCode()).as(ls.err()).isZero();
        }
    }

    @Test
    void add_badName_isAUsageError() {
        Cli.Run run = Cli.run("user", "add", "a=b", "--data-dir", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("a=b");
    }

    @Test
    void secretFrom_prefersTheEnvironment() {
        assertThat(UserAddCommand.secretFrom(Map.of("CAGE_NEW_SECRET", "given"))).isEqualTo("given");
        assertThat(UserAddCommand.secretFrom(Map.of())).hasSizeGreaterThanOrEqualTo(24)
            .isNotEqualTo(UserAddCommand.secretFrom(Map.of()));
    }
}
