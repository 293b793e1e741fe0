package dev.cage.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into exactly one line on standard error, {@code cage: <message>}, and an exit code:
 * {@value #USAGE} for wrong input (parsing errors, {@link UsageException}), {@value #FAILED} for an operation
 * that failed. With {@code --verbose} the stack trace follows the line.
 */
final class Failures implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        print(cmd.getErr(), oneLine(ex.getMessage()) + helpHint(cmd));
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult fullParseResult) {
        PrintWriter err = cmd.getErr();
        boolean usage = ex instanceof UsageException;
        print(err, describe(ex) + (usage ? helpHint(cmd) : ""));
        if (CageCommand.isVerbose(fullParseResult)) {
            ex.printStackTrace(err);
            err.flush();
        }
        return usage ? USAGE : FAILED;
    }

    private static void print(PrintWriter err, String message) {
        err.println("cage: " + message);
        err.flush();
    }

    private static String helpHint(CommandLine cmd) {
        return " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')";
    }

    /** What went wrong, in words: the server's message for Cage failures, the local path for local ones. */
    static String describe(Throwable t) {
        String message;
        if (t instanceof NoSuchFileException e) {
            message = "no such file or directory: " + e.getFile();
        } else if (t instanceof AccessDeniedException e) {
            message = "permission denied: " + e.getFile();
        } else if (t instanceof FileAlreadyExistsException e) {
            message = "already exists: " + e.getFile();
        } else if (t instanceof DirectoryNotEmptyException e) {
            message = "directory not empty: " + e.getFile();
        } else if (t instanceof NotDirectoryException e) {
            message = "not a directory: " + e.getFile();
        } else if (t instanceof FileSystemException e) {
            message = e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        } else if (t instanceof java.io.IOException || t instanceof UsageException
            || t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        } else {
            // A bug, not a user error: name it so it can be reported.
            message = "internal error: " + t + " (run with --verbose for the stack trace)";
        }
        return oneLine(message);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
