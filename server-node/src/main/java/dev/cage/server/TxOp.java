package dev.cage.server;

/**
 * One staged change of a transaction: a write of {@code data} at {@code position}, or a truncate to
 * {@code position}. Both are absolute, so applying a list of them twice ends in the same bytes as once.
 */
record TxOp(boolean truncate, long position, byte[] data) {
    static TxOp write(long offset, byte[] data) {
        return new TxOp(false, offset, data);
    }

    static TxOp truncate(long size) {
        return new TxOp(true, size, null);
    }

    /** Bytes this op holds in memory. */
    long bytes() {
        return data == null ? 0 : data.length;
    }
}
