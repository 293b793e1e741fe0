package dev.cage.server;

/**
 * One staged change of a transaction: a write of {@code data} at {@code position}, or a truncate to
 * {@code position}. Both are absolute, so applying a list of them twice ends in the same bytes as once.
 *
 * @param logged where a prepared write's bytes already lie in the journal's write-ahead log (an opaque reference
 *               from {@code PreparedOp}), so its commit journals them without writing them again; {@code null}
 *               before a prepare (and for a one-phase commit)
 */
record TxOp(boolean truncate, long position, byte[] data, Long logged) {
    static TxOp write(long offset, byte[] data) {
        return new TxOp(false, offset, data, null);
    }

    static TxOp truncate(long size) {
        return new TxOp(true, size, null, null);
    }

    /** This write, its bytes being in the log at {@code at} already. */
    TxOp loggedAt(Long at) {
        return new TxOp(truncate, position, data, at);
    }

    /** Bytes this op holds in memory. */
    long bytes() {
        return data == null ? 0 : data.length;
    }
}
