package dev.cage.protocol;

/** What a directory entry is. Symbolic links are reported as what they point to, if it lies inside the root. */
public enum FileType {
    FILE, DIRECTORY, OTHER;

    static FileType of(int code) throws ProtocolException {
        if (code < 0 || code >= values().length) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "unknown file type " + code);
        }
        return values()[code];
    }
}
