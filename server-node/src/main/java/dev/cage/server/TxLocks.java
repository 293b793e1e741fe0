package dev.cage.server;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.FileLockedException;
import dev.cage.protocol.TransactionConflictException;
import dev.cage.protocol.TransactionUnknownException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prepared (in-doubt) branches of the node and the file locks they hold. From prepare until commit or
 * rollback, nobody may write, truncate, remove or rename a file a prepared branch touches, and no other branch may
 * prepare on it: the branch's bytes must still apply as prepared.
 *
 * <p>Threads: branches are added and removed only by TX requests on the namespace lane (and at start); the lock
 * checks run anywhere (file lanes, the namespace lane) and read a concurrent map.
 */
final class TxLocks {
    private final Map<BranchId, PreparedTx> branches = new ConcurrentHashMap<>();
    private final Map<String, BranchId> locks = new ConcurrentHashMap<>();

    /** Fails if a prepared branch locks {@code key}. */
    void requireUnlocked(String key, String action) throws FileLockedException {
        BranchId holder = locks.get(key);
        if (holder != null) {
            throw locked(key, action, holder);
        }
    }

    /** Fails if a prepared branch locks {@code key} or a file under it (a directory being renamed or removed). */
    void requireNothingLockedUnder(String key, String action) throws FileLockedException {
        for (Map.Entry<String, BranchId> e : locks.entrySet()) {
            String k = e.getKey();
            if (key.isEmpty() || k.equals(key) || k.startsWith(key + "/")) {
                throw locked(k, action, e.getValue());
            }
        }
    }

    /**
     * Fails if a prepared branch locks {@code key}: that branch is set to commit first, so a transaction that writes
     * the file too conflicts with it (first committer wins).
     */
    void requireNotPrepared(String key, BranchId transaction) throws TransactionConflictException {
        BranchId holder = locks.get(key);
        if (holder != null && !holder.equals(transaction)) {
            throw new TransactionConflictException("transaction " + transaction + " conflicts on '" + key + "': transaction "
                + holder + " has prepared a change to it and commits first; nothing of this transaction was applied: "
                + "roll back and retry it");
        }
    }

    /** Registers a branch and locks its files; fails (and registers nothing) if one is locked already. */
    synchronized void add(PreparedTx tx) throws TransactionConflictException {
        for (String key : tx.ops().keySet()) {
            requireNotPrepared(key, tx.id());
        }
        branches.put(tx.id(), tx);
        for (String key : tx.ops().keySet()) {
            locks.put(key, tx.id());
        }
    }

    synchronized void remove(PreparedTx tx) {
        branches.remove(tx.id());
        for (String key : tx.ops().keySet()) {
            locks.remove(key, tx.id());
        }
    }

    /** A prepared branch by id, whoever it belongs to (a group's log names only branches the leader checked). */
    PreparedTx get(BranchId id) throws TransactionUnknownException {
        PreparedTx tx = branches.get(id);
        if (tx == null) {
            throw new TransactionUnknownException("no prepared transaction branch " + id + " on this member");
        }
        return tx;
    }

    boolean contains(BranchId id) {
        return branches.containsKey(id);
    }

    /** The branch, if it exists and the session's user may see it (its own, or any for an admin). */
    PreparedTx visible(Session s, BranchId id) throws TransactionUnknownException {
        PreparedTx tx = branches.get(id);
        if (tx == null || !(s.admin() || tx.user().equals(s.user()))) {
            // Another user's branch reads as unknown: its existence is not theirs to learn.
            throw new TransactionUnknownException("no prepared transaction branch " + id + " for user '" + s.user()
                + "' on this node: never prepared here, already committed or rolled back, or another user's");
        }
        return tx;
    }

    /** How many branches are prepared on this node now. */
    int preparedCount() {
        return branches.size();
    }

    List<BranchId> visibleTo(Session s) {
        Collection<PreparedTx> all = branches.values();
        return all.stream().filter(t -> s.admin() || t.user().equals(s.user())).map(PreparedTx::id).toList();
    }

    private static FileLockedException locked(String key, String action, BranchId holder) {
        return new FileLockedException("'" + key + "' is locked by a prepared transaction; cannot " + action
            + " it until that transaction (" + holder + ") is committed or rolled back");
    }
}
