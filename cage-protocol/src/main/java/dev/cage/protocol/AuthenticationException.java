package dev.cage.protocol;

/** Wrong user or secret, an unknown or expired token, or an operation the user may not do. */
public class AuthenticationException extends CageException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(Status status, String message) {
        super(status, message);
    }
}
