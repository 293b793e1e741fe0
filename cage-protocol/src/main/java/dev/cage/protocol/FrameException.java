package dev.cage.protocol;

import io.netty.handler.codec.DecoderException;

/** A frame could not be decoded. Carries the status the peer is told before the connection closes. */
public final class FrameException extends DecoderException {
    private static final long serialVersionUID = 1L;
    private final Status status;

    public FrameException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    /** The same failure as the checked exception a caller sees. */
    public ProtocolException toProtocolException() {
        return new ProtocolException(status, getMessage());
    }
}
