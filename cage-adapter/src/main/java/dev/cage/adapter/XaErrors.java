package dev.cage.adapter;

import dev.cage.protocol.CageException;
import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.TransactionUnknownException;
import javax.transaction.xa.XAException;

/** One place that turns Cage failures into XA error codes, keeping the message and the cause (as the API's type). */
final class XaErrors {
    private XaErrors() {
    }

    /** The constant's name for an XA error code, for logs. */
    static String name(int code) {
        return switch (code) {
            case XAException.XAER_RMFAIL -> "XAER_RMFAIL";
            case XAException.XAER_RMERR -> "XAER_RMERR";
            case XAException.XAER_NOTA -> "XAER_NOTA";
            case XAException.XAER_INVAL -> "XAER_INVAL";
            case XAException.XAER_PROTO -> "XAER_PROTO";
            case XAException.XAER_DUPID -> "XAER_DUPID";
            case XAException.XA_RBROLLBACK -> "XA_RBROLLBACK";
            default -> "XA error " + code;
        };
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
        dev.cage.api.CageException api = ApiTypes.exception(e); // with the client's exception as its cause
        XAException x = of(code, what + ": " + ApiTypes.describe(api));
        x.initCause(api);
        return x;
    }
}
