package dev.cage.ejb;

import jakarta.ejb.ApplicationException;

/** A document could not be stored or read. The caller's transaction rolls back, so no half-stored document stays. */
@ApplicationException(rollback = true)
public class DocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public DocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
