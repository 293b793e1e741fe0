package dev.cage.bench;

import java.io.IOException;

/** A column gave back bytes other than those written: its figures must not be reported. */
public final class CorruptDataException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptDataException(String message) {
        super(message);
    }
}
