package dev.cage.api;

/** Wrong user or secret, an unknown or expired token, or an operation the user may not do ({@code ACCESS_DENIED}). */
public class AuthenticationException extends CageException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(int code, String status, String message) {
        this(code, status, message, null);
    }

    public AuthenticationException(int code, String status, String message, Throwable cause) {
        super(code, status, message, cause);
    }
}
