package dev.cage.api;

import java.io.IOException;

/**
 * A Cage operation failed. Every failure carries the node's stable numeric status code and its name (for example
 * {@code 300 NOT_FOUND}); subclasses let applications catch the kinds they can handle (a missing file, a
 * conflicting open, a lost node). Codes: {@code 100–199} the protocol, {@code 200–299} authentication and
 * sessions, {@code 300–399} paths, files, channels and transactions, {@code 500–599} the server or the link.
 */
public class CageException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String status;

    public CageException(int code, String status, String message) {
        this(code, status, message, null);
    }

    public CageException(int code, String status, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = status;
    }

    /** The stable numeric status code, such as {@code 300}. */
    public int code() {
        return code;
    }

    /** The status code's name, such as {@code NOT_FOUND}. */
    public String status() {
        return status;
    }
}
