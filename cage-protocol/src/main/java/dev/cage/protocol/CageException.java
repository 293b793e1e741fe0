package dev.cage.protocol;

import java.io.IOException;

/**
 * A Cage operation failed. Every failure carries the protocol {@link Status} that names its kind;
 * subclasses let callers catch the kinds they can handle (a missing file, a conflicting open).
 */
public class CageException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Status status;

    public CageException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public CageException(Status status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
