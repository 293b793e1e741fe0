package dev.cage.api;

/**
 * How a file is opened, and what others may do with it meanwhile.
 *
 * <pre>
 * mode           access       others may also open with
 * EXCLUSIVE      read/write   nothing
 * SHARED_READ    read only    SHARED_READ, SHARED_WRITE
 * SHARED_WRITE   read/write   SHARED_READ, SHARED_WRITE
 * </pre>
 *
 * A conflicting open fails at once with a {@link SharingConflictException} naming the holder's mode.
 */
public enum OpenMode {
    /** The original's {@code wm}: read and write, nobody else may open the file. */
    EXCLUSIVE(true),
    /** The original's {@code rs}: read only, shared with readers and shared writers. */
    SHARED_READ(false),
    /** The original's {@code ws}: read and write, shared with readers and shared writers. */
    SHARED_WRITE(true);

    private final boolean writable;

    OpenMode(boolean writable) {
        this.writable = writable;
    }

    /** Whether a file opened in this mode may be written. */
    public boolean writable() {
        return writable;
    }

    /** Whether a file open in this mode may also be open in {@code other}. The relation is symmetric. */
    public boolean compatibleWith(OpenMode other) {
        return this != EXCLUSIVE && other != EXCLUSIVE;
    }
}
