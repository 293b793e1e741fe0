package dev.cage.server.journal;

/** What a {@link FileRecord} records. Stored by name, so constants may be added but never renamed. */
public enum FileOp {
    WRITE,
    TRUNCATE,
    /** Metadata only: who read which range; no bytes are kept. */
    READ
}
