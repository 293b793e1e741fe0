package dev.cage.server;

/** A change to a file's bytes that other openers must hear of: the range that changed and the result. */
record Change(FileState file, long offset, long length, long version, long size) {

    /** The change as the wire names it: by file id, not path. */
    dev.cage.protocol.message.ChangedRange range() {
        return new dev.cage.protocol.message.ChangedRange(file.fileId(), offset, length, version, size);
    }
}
