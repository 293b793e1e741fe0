package dev.cage.cli;

import picocli.CommandLine.Command;

/** {@code cage user ...}: manages a node's users. It has no action of its own, so it needs a subcommand. */
@Command(name = "user", description = "Manages the users of a node.", subcommands = UserAddCommand.class)
final class UserCommand {
}
