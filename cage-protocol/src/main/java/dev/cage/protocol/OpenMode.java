package dev.cage.protocol;

/**
 * How a channel opens a file, and what others may do with it meanwhile.
 *
 * <pre>
 * mode           access       others may also open with
 * EXCLUSIVE      read/write   nothing
 * SHARED_READ    read only    SHARED_READ, SHARED_WRITE
 * SHARED_WRITE   read/write   SHARED_READ, SHARED_WRITE
 * </pre>
 */
public enum OpenMode {
    /** The original's {@code wm}: read and write, nobody else may open the file. */
    EXCLUSIVE(1, true),
    /** The original's {@code rs}: read only, shared with readers and shared writers. */
    SHARED_READ(2, false),
    /** The original's {@code ws}: read and write, shared with readers and shared writers. */
    SHARED_WRITE(3, true);

    private final int code;
    private final boolean writable;

    OpenMode(int code, boolean writable) {
        this.code = code;
        this.writable = writable;
    }

    public int code() {
        return code;
    }

    public boolean writable() {
        return writable;
    }

    /** Whether a channel in this mode may coexist with one in {@code other}. The relation is symmetric. */
    public boolean compatibleWith(OpenMode other) {
        return this != EXCLUSIVE && other != EXCLUSIVE;
    }

    public static OpenMode of(int code) throws ProtocolException {
        for (OpenMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        throw new ProtocolException(Status.MALFORMED_FRAME, "unknown open mode " + code);
    }
}
