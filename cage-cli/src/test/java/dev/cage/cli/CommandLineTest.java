package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line as a whole: help, version, usage errors. No node needed. */
class CommandLineTest {
    @Test
    void help_listsEverySubcommand() {
        Cli.Run run = Cli.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("server", "put", "get", "ls", "stat", "rm", "mv", "mkdir", "rmdir", "user",
            "bench");
    }

    @Test
    void version_printsOneLine() {
        Cli.Run run = Cli.run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("cage ");
    }

    @Test
    void noSubcommand_isAUsageErrorOnOneLine() {
        Cli.Run run = Cli.run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("cage: ").contains("--help");
    }

    @Test
    void unknownOption_isAUsageErrorOnOneLine() {
        Cli.Run run = Cli.run("ls", "--frobnicate", "cage://h:1/");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("--frobnicate");
    }

    @Test
    void missingArgument_isAUsageErrorOnOneLine() {
        Cli.Run run = Cli.run("put", "only-one-arg");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("URI");
    }

    @Test
    void userWithoutSubcommand_isAUsageError() {
        Cli.Run run = Cli.run("user");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("cage user");
    }
}
