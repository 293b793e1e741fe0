package dev.cage.cli;

import dev.cage.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code cage} command line: runs a node ({@code cage server}), moves files to and from one
 * ({@code put}, {@code get}), manages its namespace ({@code ls}, {@code stat}, {@code rm}, {@code mv},
 * {@code mkdir}, {@code rmdir}), its users ({@code user add}), its journal ({@code journal}), shows what it is doing
 * ({@code admin sessions}, {@code admin node}), what the Cages sharing a page cache report ({@code cache stats}) and
 * measures it ({@code bench}).
 *
 * <p>Exit codes: 0 success, 1 the operation failed, 2 the command was used wrongly. A failure prints one line,
 * {@code cage: <message>}, on standard error; {@code -v} adds the stack trace.
 *
 * <p>{@code new CommandLine(new CageCommand())} is all it takes to run it, in {@link #main} and in tests alike:
 * the error handling is installed by {@link Setup} as the command is built.
 */
// INHERIT gives every subcommand --help and --version too.
@Command(name = "cage", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    versionProvider = CageCommand.Version.class, modelTransformer = CageCommand.Setup.class,
    description = "Remote file access: run a Cage node, and move and manage files on one.",
    subcommands = {
        ServerCommand.class, PutCommand.class, GetCommand.class, LsCommand.class, StatCommand.class,
        RmCommand.class, MvCommand.class, MkdirCommand.class, RmdirCommand.class, MountCommand.class, UserCommand.class,
        JournalCommand.class, BranchCommand.class, AdminCommand.class, GroupCommand.class, CacheCommand.class, BenchCommand.class
    })
public final class CageCommand {
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
        description = "Print the stack trace of a failure after its message.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CageCommand()).execute(args));
    }

    /** Whether {@code --verbose} was given anywhere on the command line (before or after the subcommand). */
    static boolean isVerbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Installs the one-line error handling on the command line being built. A model transformer runs once the
     * {@code CommandLine} and all its subcommands exist, so the handlers reach every subcommand — which is why
     * this is not done in {@code main}.
     */
    static final class Setup implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            Failures failures = new Failures();
            spec.commandLine().setParameterExceptionHandler(failures);
            spec.commandLine().setExecutionExceptionHandler(failures);
            return spec;
        }
    }

    /** The version in the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CageCommand.class.getPackage().getImplementationVersion();
            return new String[] {"cage " + (v != null ? v : "(development build)")};
        }
    }
}
