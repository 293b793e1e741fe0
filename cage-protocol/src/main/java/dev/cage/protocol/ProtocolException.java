package dev.cage.protocol;

/** The peer sent a frame that breaks the protocol (malformed, too large, wrong version, out of order). */
public class ProtocolException extends CageException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(Status status, String message) {
        super(status, message);
    }
}
