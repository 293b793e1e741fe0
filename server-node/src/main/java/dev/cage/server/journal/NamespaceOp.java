package dev.cage.server.journal;

/** What a {@link NamespaceRecord} records. Stored by name, so constants may be added but never renamed. */
public enum NamespaceOp {
    SESSION_START,
    SESSION_END,
    CREATE,
    OPEN,
    CLOSE,
    RENAME,
    REMOVE,
    MKDIR,
    RMDIR,
    /** A rollback of a file or subtree to an earlier instant was applied. */
    ROLLBACK,
    /** Every change before this entry is in the files on disk; crash recovery redoes only what follows it. */
    CHECKPOINT,
    /** A prepared transaction branch (its key in {@code path2}) was committed: its writes are the entries before. */
    TX_COMMIT,
    /** A prepared transaction branch (its key in {@code path2}) was rolled back. */
    TX_ROLLBACK
}
