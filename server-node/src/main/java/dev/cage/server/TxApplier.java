package dev.cage.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletionException;

/*
 * Applies a transaction's ops to its files so that no reader sees part of them.
 *
 * Which thread owns what
 * - apply() runs on the namespace lane (all TX requests do), so two commits never interleave, and holds of file
 *   lanes are always taken by one thread at a time, in sorted path-key order: no two holders wait for each other.
 * - Holding a lane queues a marker behind the file's pending reads and writes; once they have run, the lane runs
 *   nothing (and the inline-read fast path sees it busy) until released. Only the committing thread waits; no pool
 *   thread is blocked by a held lane.
 * - With every touched lane held, the ops are applied through the journal (each write and truncate is an ordinary
 *   per-file journal entry, durable before the file changes), each file's version is bumped once, and the caller
 *   gets the changes to broadcast. Applied.release() gives the lanes (and the pinned file states) back; the caller
 *   calls it once every other client has dropped the old bytes, so a reader that was waiting on a lane reads the new
 *   bytes everywhere.
 */
final class TxApplier {
    private final FileTable table;
    private final Storage tree;
    private final Journaling journal;
    private final NodeCounters counters;
    private final GroupVersions versions;

    TxApplier(FileTable table, Storage tree, Journaling journal, NodeCounters counters, GroupVersions versions) {
        this.versions = versions;
        this.table = table;
        this.tree = tree;
        this.journal = journal;
        this.counters = counters;
    }

    /** What a commit changed, and how to give its file lanes back. */
    static final class Applied {
        private final List<FileState> held;
        private final FileTable table;
        final List<Change> changes = new ArrayList<>();

        private Applied(List<FileState> held, FileTable table) {
            this.held = held;
            this.table = table;
        }

        /** Resumes the held lanes and unpins the files. Call once. */
        void release() {
            for (FileState f : held) {
                f.lane().release();
                table.unpin(f);
            }
        }
    }

    /**
     * Applies {@code ops} (by file path key, in key order) as session {@code s}. Before {@code applyStep} returns,
     * nothing of it is visible; after, all of it is (to readers that wait on the file lanes until release). On a
     * failure part-way the lanes are released and what was applied stays (a prepared branch then stays prepared, and
     * committing it again rewrites the same bytes).
     *
     * @param bases by key, the file version the transaction began at, checked by {@link FirstCommitterWins} with the
     *     lanes held before anything is applied; {@code null} for a prepared branch (checked when it was prepared)
     * @param afterApply runs with every lane still held, after the ops were applied (deletes a prepared branch)
     */
    Applied apply(Session s, String transaction, SortedMap<String, List<TxOp>> ops, Map<String, Long> bases,
            FileTable.Step afterApply) throws IOException {
        return withLanesHeld(transaction, ops, bases, applied -> {
            try (Journaling.Change c = journal.begin()) {
                for (FileState f : applied.held) {
                    Change change = applyTo(s, f, ops.get(f.key()));
                    if (change != null) {
                        applied.changes.add(change);
                    }
                }
                afterApply.run();
            }
        });
    }

    /**
     * A commit in a replicated group, at the leader: with the files' lanes held (so every earlier write to them has
     * been applied, and no reader here sees part of the commit), checks {@code bases} (unless {@code null}) and runs
     * {@code replicate}, after which every member, this one included, has applied the ops ({@link #applyUnheld}).
     * The returned changes cover each file whole (the leader does not learn which bytes changed).
     */
    Applied applyElsewhere(String transaction, SortedMap<String, List<TxOp>> ops, Map<String, Long> bases,
            FileTable.Step replicate) throws IOException {
        return withLanesHeld(transaction, ops, bases, applied -> {
            replicate.run();
            for (FileState f : applied.held) {
                long size = tree.attributes(f.key()).size();
                applied.changes.add(new Change(f, 0, Math.max(size, 1), f.version(), size));
            }
        });
    }

    /** What a commit does once its files' lanes are held and its bases checked: it fills in the changes. */
    @FunctionalInterface
    private interface Commit {
        void run(Applied applied) throws IOException;
    }

    /**
     * Holds the lanes of the files of {@code ops}, checks {@code bases} (unless {@code null}) and runs {@code commit};
     * returns with the lanes still held, or releases them if anything failed.
     */
    private Applied withLanesHeld(String transaction, SortedMap<String, List<TxOp>> ops, Map<String, Long> bases,
            Commit commit) throws IOException {
        List<FileState> held = new ArrayList<>();
        Applied applied = new Applied(held, table);
        boolean ok = false;
        try {
            hold(ops.keySet(), held);
            if (bases != null) {
                check(transaction, held, ops, bases);
            }
            commit.run(applied);
            ok = true;
            return applied;
        } finally {
            if (!ok) {
                applied.release();
            }
        }
    }

    /**
     * A group member applies a committed transaction's ops from the log, file by file; nothing waits on lanes here
     * (the leader holds them), so the log's applying thread never waits for a request.
     */
    void applyUnheld(Session s, SortedMap<String, List<TxOp>> ops, FileTable.Step afterApply) throws IOException {
        try (Journaling.Change c = journal.begin()) {
            for (Map.Entry<String, List<TxOp>> e : ops.entrySet()) {
                FileState f = table.pin(e.getKey());
                try {
                    applyTo(s, f, e.getValue());
                } finally {
                    table.unpin(f);
                }
            }
            afterApply.run();
        }
    }

    /**
     * Prepares: with the files' lanes held (so no write slips in between), checks {@code ops} by
     * {@link FirstCommitterWins} and runs {@code lock}, which locks the files against later writers.
     */
    void checkAndLock(String transaction, SortedMap<String, List<TxOp>> ops, Map<String, Long> bases, FileTable.Step lock)
            throws IOException {
        List<FileState> held = new ArrayList<>();
        try {
            hold(ops.keySet(), held);
            check(transaction, held, ops, bases);
            lock.run();
        } finally {
            new Applied(held, table).release();
        }
    }

    /** Pins and holds the lanes of {@code keys}, in their (sorted) order, adding each to {@code held} once it is. */
    private void hold(java.util.Collection<String> keys, List<FileState> held) throws IOException {
        for (String key : keys) {
            FileState f = table.pin(key);
            try {
                f.lane().hold().join();
            } catch (CompletionException e) {
                table.unpin(f);
                throw new IOException("could not hold the lane of '" + key + "'", e.getCause());
            }
            held.add(f);
        }
    }

    private static void check(String transaction, List<FileState> held, Map<String, List<TxOp>> ops, Map<String, Long> bases)
            throws IOException {
        for (FileState f : held) {
            FirstCommitterWins.check(transaction, f, bases.get(f.key()), ops.get(f.key()));
        }
    }

    /** Applies {@code ops} to {@code f} through the journal; the change to broadcast, or {@code null} if none. */
    Change applyTo(Session s, FileState f, List<TxOp> ops) throws IOException {
        long from = Long.MAX_VALUE;
        long to = 0;
        List<long[]> ranges = new ArrayList<>(ops.size());
        try (FileChannel ch = tree.open(f.key(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (TxOp op : ops) {
                long before = ch.size();
                if (op.truncate()) {
                    long size = op.position();
                    if (size == before) {
                        continue;
                    }
                    journal.resize(s, f.key(), ch, before, size);
                    ranges.add(new long[] {Math.min(size, before), Math.max(size, before)});
                    from = Math.min(from, Math.min(size, before));
                    to = Math.max(to, Math.max(size, before));
                } else {
                    byte[] data = op.data();
                    long offset = op.position();
                    if (journal.enabled()) {
                        byte[] old = FileBytes.overwritten(ch, offset, data.length, before);
                        journal.write(s, f.key(), offset, data, old, before, Math.max(before, offset + data.length),
                            op.logged());
                    }
                    ByteBuffer b = ByteBuffer.wrap(data);
                    while (b.hasRemaining()) {
                        ch.write(b, offset + b.position());
                    }
                    counters.wrote(data.length); // a committed write counts as the plain write it becomes
                    ranges.add(new long[] {Math.min(offset, before), offset + data.length});
                    from = Math.min(from, Math.min(offset, before));
                    to = Math.max(to, offset + data.length);
                }
            }
            journal.touched(f.path());
            if (from == Long.MAX_VALUE) {
                return null;
            }
            long version = f.bump(ranges, versions.stamp());
            versions.changed(f, version);
            return new Change(f, from, Math.max(0, to - from), version, ch.size());
        }
    }

    /** The ops of a prepared branch by key, as {@link #apply} takes them. */
    static SortedMap<String, List<TxOp>> sorted(Map<String, List<TxOp>> ops) {
        return new java.util.TreeMap<>(ops);
    }
}
