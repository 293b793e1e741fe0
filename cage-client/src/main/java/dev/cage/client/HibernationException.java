package dev.cage.client;

import java.io.IOException;

/** A hibernation dump could not be written, or read back: damaged, truncated, foreign, or of other settings. */
public final class HibernationException extends IOException {
    private static final long serialVersionUID = 1L;

    public HibernationException(String message) {
        super(message);
    }

    public HibernationException(String message, Throwable cause) {
        super(message, cause);
    }
}
