package dev.cage.server;

import dev.cage.protocol.TransactionConflictException;
import java.util.List;

/**
 * The isolation rule for transactions, on every path (one-phase commit, prepare): a transaction may not write a range
 * of a file that changed after it began, that is after the file's version its client knew when the transaction first
 * used the file. The first committer wins; the later one fails with {@link TransactionConflictException}, naming the
 * file and the range, and nothing of it is applied. (Snapshot isolation's write rule, as PostgreSQL's REPEATABLE
 * READ applies it to rows.)
 */
final class FirstCommitterWins {
    private FirstCommitterWins() {
    }

    /** Fails if a change to {@code f} after version {@code base} overlaps bytes one of {@code ops} writes. */
    static void check(String transaction, FileState f, long base, List<TxOp> ops) throws TransactionConflictException {
        for (TxOp op : ops) {
            long from = op.position();
            long to = op.truncate() ? Long.MAX_VALUE : op.position() + op.bytes();
            ChangeHistory.Entry changed = f.history().changedSince(base, from, to); // a truncate: the bytes it cuts or keeps from growing
            if (changed != null) {
                long a = Math.max(from, changed.from());
                long b = Math.min(to, changed.to());
                String range = "bytes " + a + ".." + (b == Long.MAX_VALUE ? "its end" : String.valueOf(b))
                    + (op.truncate() ? " (it truncates to " + from + ")" : "");
                throw new TransactionConflictException("transaction " + transaction + " conflicts on '" + f.key() + "': "
                    + range + " changed after the transaction began (the file was at version " + base + " then, a change "
                    + "made it " + changed.version() + "); first committer wins, so nothing of this transaction was "
                    + "applied: roll back and retry it");
            }
        }
    }
}
