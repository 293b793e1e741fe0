package dev.cage.server.journal;

/**
 * Reads the payloads of journal entries back from the write-ahead log, by the position their rows keep: the one way
 * to get the bytes of a {@link FileRecord} or a {@link PreparedOp}. Rollback, replay, the journal queries with bytes,
 * crash recovery and the restore of prepared transactions all go through here. Safe for any thread.
 *
 * <p>Each call reads (and checksums) the whole record from disk; nothing is cached. Failures, including a payload already
 * pruned with its segment, are {@link JournalUnavailableException}s.
 */
public final class JournalPayloads {
    private final JournalLog log;

    JournalPayloads(JournalLog log) {
        this.log = log;
    }

    /** The bytes a write wrote; {@code null} for a truncate or a read. */
    public byte[] newBytes(FileRecord f) {
        if (!f.hasNewBytes()) {
            return null;
        }
        byte[] pending = f.pendingNewBytes();
        if (pending != null) {
            return pending;
        }
        return f.newBytesStaged() ? log.stagedBytes(f.newPosition(), f.newLength(), "the new bytes of " + f)
            : log.entryBytes(f.newPosition(), 0, f.newLength(), "the new bytes of " + f);
    }

    /** The bytes a write overwrote or a truncate cut off (maybe none); {@code null} for a read. */
    public byte[] oldBytes(FileRecord f) {
        if (!f.hasOldBytes()) {
            return null;
        }
        byte[] pending = f.pendingOldBytes();
        return pending != null ? pending
            : log.entryBytes(f.oldPosition(), f.oldBytesOffset(), f.oldLength(), "the old bytes of " + f);
    }

    /** A prepared write's bytes; {@code null} for a truncate. */
    public byte[] data(PreparedOp op) {
        if (op.isTruncate()) {
            return null;
        }
        byte[] pending = op.pendingData();
        return pending != null ? pending : log.stagedBytes(op.dataPosition(), op.dataLength(),
            "the staged bytes of prepared op " + op.getBranchKey() + "#" + op.getOpNo());
    }
}
