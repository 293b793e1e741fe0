package dev.cage.client;

import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.Status;

/**
 * Nothing accepted the connection: no node listens at that address and port (not started, stopped, or a wrong
 * port). A client that has never reached the node fails with this after a few quick tries. One that has reached it
 * before keeps trying until the response timeout, because a refused connection is also how a restarting node looks,
 * and so does a client of a replicated group, whose other members may serve; both then fail with a
 * {@link ServerUnavailableException} that quotes this message.
 */
public final class ConnectionRefusedException extends ServerUnavailableException {
    private static final long serialVersionUID = 1L;

    ConnectionRefusedException(String peer) {
        super(Status.UNAVAILABLE, "cannot connect to " + peer
            + ": nothing accepted the connection (connection refused); is the node running, and is this its port?");
    }
}
