package dev.cage.cli;

import picocli.CommandLine.Command;

/** {@code cage journal ...}: a node's operation journal. Needs a user with the admin role. */
@Command(name = "journal", description = "Reads a node's operation journal, rolls back, replays onto a backup.",
    subcommands = {JournalLogCommand.class, JournalRollbackCommand.class, JournalReplayCommand.class,
        JournalDiffCommand.class, JournalStatsCommand.class})
final class JournalCommand {
}
