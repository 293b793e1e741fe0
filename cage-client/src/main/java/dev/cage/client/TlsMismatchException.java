package dev.cage.client;

import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.Status;

/**
 * The client's TLS settings do not fit the node's: one side uses TLS and the other does not, or the TLS handshake
 * failed (the node's certificate is not trusted, no common protocol). Trying again cannot help, so the client does
 * not: this fails the call at once.
 */
public final class TlsMismatchException extends ServerUnavailableException {
    private static final long serialVersionUID = 1L;

    private TlsMismatchException(String message) {
        super(Status.UNAVAILABLE, message);
    }

    static TlsMismatchException nodeWithoutTls(String peer) {
        return new TlsMismatchException("the node at " + peer + " answered without TLS, but the client is configured"
            + " to use TLS with it: is TLS off on the node?");
    }

    static TlsMismatchException nodeWithTls(String peer) {
        return new TlsMismatchException("the node at " + peer + " speaks TLS, but the client is not configured"
            + " for TLS with it (ServerSpec.withTls, cage --tls-trust)");
    }

    static TlsMismatchException handshakeFailed(String peer, Throwable cause) {
        return new TlsMismatchException("TLS handshake with " + peer + " failed: " + cause.getMessage());
    }
}
