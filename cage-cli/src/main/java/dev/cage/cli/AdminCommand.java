package dev.cage.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code cage admin ...}: what a node is doing right now. Needs a user with the admin role. */
@Command(name = "admin", description = "Shows a node's live sessions and open channels, or its facts and counters; ends a session.",
    subcommands = {AdminSessionsCommand.class, AdminNodeCommand.class, AdminEndSessionCommand.class})
final class AdminCommand {
    /** A duration as people write it: {@code 0s}, {@code 1m30s}, {@code 26h5m0s}. */
    static String human(Duration d) {
        return d.truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
