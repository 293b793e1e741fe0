package dev.cage.ejb;

import jakarta.ejb.ApplicationException;

/** An administrative operation failed; the message says why (the node's own words where it answered). */
@ApplicationException
public class CageAdminException extends Exception {
    private static final long serialVersionUID = 1L;

    public CageAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
