package dev.cage.cli;

import picocli.CommandLine.Command;

/** {@code cage group ...}: a replicated group of nodes. */
@Command(name = "group", description = "A replicated group of nodes.", mixinStandardHelpOptions = true,
    subcommands = {GroupStatusCommand.class, GroupTransferCommand.class, GroupAddCommand.class,
        GroupPromoteCommand.class, GroupRemoveCommand.class})
final class GroupCommand {
}
