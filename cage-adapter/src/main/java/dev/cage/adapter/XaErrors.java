package dev.cage.adapter;

import dev.cage.protocol.CageException;
import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.TransactionUnknownException;
import javax.transaction.xa.XAException;

/** One place that turns Cage failures into XA error codes, keeping the message and the cause. */
final class XaErrors {
    private XaErrors() {
    }

    static XAException of(int code, String message) {
        XAException x = new XAException(message);
        x.errorCode = code;
        return x;
    }

    /**
     * A node that cannot be reached is {@code XAER_RMFAIL} (the transaction manager retries later), a branch the
     * node does not know is {@code XAER_NOTA}; anything else gets {@code otherwise}.
     */
    static XAException map(CageException e, int otherwise, String what) {
        int code = e instanceof ServerUnavailableException ? XAException.XAER_RMFAIL
            : e instanceof TransactionUnknownException ? XAException.XAER_NOTA
            : otherwise;
        XAException x = of(code, what + ": " + e.getMessage());
        x.initCause(e);
        return x;
    }
}
