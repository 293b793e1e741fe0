package dev.cage.cli;

import picocli.CommandLine.Command;

/** {@code cage cache ...}: the cluster-shared page cache, as the Cages using it report it. */
@Command(name = "cache", description = "Shows the cluster-shared page cache's statistics, as each Cage reports them.",
    subcommands = {CacheStatsCommand.class})
final class CacheCommand {
}
