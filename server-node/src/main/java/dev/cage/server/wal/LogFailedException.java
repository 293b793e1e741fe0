package dev.cage.server.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An append that did not become durable: writing or forcing the log failed (a full disk, an I/O error), or the log
 * was closed or had already failed. A log that has failed stays failed until it is closed and opened again; nothing
 * in the failed appends was acknowledged.
 */
public class LogFailedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path directory;

    /**
     * @param directory the log's directory
     * @param detail    what happened
     * @param cause     the I/O error, or null
     */
    public LogFailedException(Path directory, String detail, Throwable cause) {
        super("write-ahead log in " + directory + ": " + detail, cause);
        this.directory = directory;
    }

    /** The log's directory. */
    public Path directory() {
        return directory;
    }
}
