package dev.cage.cli;

/**
 * The command was given wrong or missing input that picocli could not detect while parsing (no credentials,
 * two different nodes for {@code mv}, an invalid combination of server settings). It ends the command with
 * exit code 2, like a parsing error.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
