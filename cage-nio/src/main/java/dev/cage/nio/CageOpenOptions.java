package dev.cage.nio;

import dev.cage.protocol.OpenMode;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The {@link OpenOption}s of one open, read as Cage's open mode and what to do around the open. {@code SYNC},
 * {@code DSYNC} make every write go to the node's disk before it returns; {@code SPARSE} and {@code NOFOLLOW_LINKS}
 * change nothing (the node decides about sparse files and follows no link out of its root).
 */
record CageOpenOptions(boolean read, boolean write, boolean append, boolean create, boolean createNew,
                       boolean truncate, boolean deleteOnClose, boolean sync, boolean exclusive) {

    static CageOpenOptions of(Set<? extends OpenOption> options) {
        boolean read = false;
        boolean write = false;
        boolean append = false;
        boolean create = false;
        boolean createNew = false;
        boolean truncate = false;
        boolean deleteOnClose = false;
        boolean sync = false;
        boolean exclusive = false;
        for (OpenOption o : options) {
            if (o == StandardOpenOption.READ) {
                read = true;
            } else if (o == StandardOpenOption.WRITE) {
                write = true;
            } else if (o == StandardOpenOption.APPEND) {
                append = true;
                write = true;
            } else if (o == StandardOpenOption.CREATE) {
                create = true;
            } else if (o == StandardOpenOption.CREATE_NEW) {
                createNew = true;
            } else if (o == StandardOpenOption.TRUNCATE_EXISTING) {
                truncate = true;
            } else if (o == StandardOpenOption.DELETE_ON_CLOSE) {
                deleteOnClose = true;
            } else if (o == StandardOpenOption.SYNC || o == StandardOpenOption.DSYNC) {
                sync = true;
            } else if (o == CageOption.EXCLUSIVE) {
                exclusive = true;
            } else if (o != StandardOpenOption.SPARSE && o != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("open option " + o + " is not supported by cage://");
            }
        }
        if (!write) {
            read = true; // as the JDK: neither READ nor WRITE opens to read
        }
        if (append && (read || truncate)) {
            throw new IllegalArgumentException("APPEND cannot go with READ or TRUNCATE_EXISTING");
        }
        return new CageOpenOptions(read, write, append, write && create, write && createNew, write && truncate,
            deleteOnClose, sync, exclusive);
    }

    /** The same open without the cut, for a caller that cuts the file itself later. */
    CageOpenOptions withoutTruncate() {
        return new CageOpenOptions(read, write, append, create, createNew, false, deleteOnClose, sync, exclusive);
    }

    OpenMode mode() {
        return exclusive ? OpenMode.EXCLUSIVE : write ? OpenMode.SHARED_WRITE : OpenMode.SHARED_READ;
    }
}
