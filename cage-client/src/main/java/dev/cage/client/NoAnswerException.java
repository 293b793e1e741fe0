package dev.cage.client;

import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.Status;

/** No answer within the response timeout on a connection that is still open (the server may be frozen or cut off). */
final class NoAnswerException extends ServerUnavailableException {
    private static final long serialVersionUID = 1L;

    NoAnswerException(String message) {
        super(Status.UNAVAILABLE, message);
    }
}
