package dev.cage.server;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Status;
import dev.cage.server.journal.JournalUnavailableException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The one place that turns a failure on the server into a wire status and a message for the client.
 * Messages name client paths only: the server's own directory layout never leaves the node.
 */
final class ErrorMapping {
    record Mapped(Status status, String message) {
    }

    private ErrorMapping() {
    }

    static Mapped map(Throwable t, String clientPath) {
        String p = "'" + clientPath + "'";
        if (t instanceof CageException c) {
            return new Mapped(c.status(), c.getMessage());
        }
        if (t instanceof ReadTimeoutException) {
            // A peer too slow to finish logging in: its fault, not ours, so no error log and a status it can retry on.
            return new Mapped(Status.SESSION_EXPIRED, "the login was not completed in time; the connection is closed");
        }
        if (t instanceof NoSuchFileException) {
            return new Mapped(Status.NOT_FOUND, "no such file or directory: " + p);
        }
        if (t instanceof FileAlreadyExistsException) {
            return new Mapped(Status.ALREADY_EXISTS, "already exists: " + p);
        }
        if (t instanceof DirectoryNotEmptyException) {
            return new Mapped(Status.DIRECTORY_NOT_EMPTY, "directory not empty: " + p);
        }
        if (t instanceof NotDirectoryException) {
            return new Mapped(Status.NOT_A_DIRECTORY, "not a directory: " + p);
        }
        if (t instanceof AccessDeniedException) {
            return new Mapped(Status.IO_ERROR, "the server's file system denied access to " + p);
        }
        if (t instanceof ClosedChannelException) {
            return new Mapped(Status.CHANNEL_CLOSED, "the channel on " + p + " is closed");
        }
        if (t instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason() : t.getClass().getSimpleName();
            return new Mapped(Status.IO_ERROR, "I/O error on " + p + ": " + reason);
        }
        if (t instanceof java.io.IOException) {
            return new Mapped(Status.IO_ERROR, "I/O error on " + p + ": " + t.getMessage());
        }
        if (t instanceof JournalUnavailableException) {
            return new Mapped(Status.JOURNAL_UNAVAILABLE, "the journal cannot answer: " + t.getMessage());
        }
        System.getLogger(ErrorMapping.class.getName()).log(System.Logger.Level.ERROR, "internal error", t);
        return new Mapped(Status.INTERNAL_ERROR, "internal server error: " + t.getClass().getSimpleName());
    }
}
