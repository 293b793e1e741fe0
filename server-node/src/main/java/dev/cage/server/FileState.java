package dev.cage.server;

import dev.cage.protocol.OpenMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What the node knows of one file while it is open: where it is, who holds it in which mode, its
 * version, and the serial executor that orders its reads and writes.
 *
 * <p>Threads: {@code openers} and {@code path} change only under the {@link FileTable} lock; {@code version}
 * changes only on this file's serial executor and is read anywhere.
 */
final class FileState {
    private final SerialExecutor lane;
    private final long fileId;
    private final List<OpenFile> openers = new ArrayList<>();
    private final PendingChanges pending = new PendingChanges();
    private final ChangeHistory history;
    private volatile String key;
    private volatile Path path;
    private volatile long version;
    /** Whether the file on disk carries its group-wide id ({@link GroupVersions}); set once, never cleared. */
    private volatile boolean marked;
    /** Transaction commits using the file while it may have no opener; guarded by the {@link FileTable} lock. */
    private int pins;

    FileState(String key, Path path, long fileId, long initialVersion, Executor pool) {
        this.fileId = fileId;
        this.key = key;
        this.path = path;
        this.version = initialVersion;
        this.history = new ChangeHistory(initialVersion);
        this.lane = new SerialExecutor(pool);
    }

    /** Names the file itself (its inode where the file system has one), so it survives renames and restarts. */
    long fileId() {
        return fileId;
    }

    SerialExecutor lane() {
        return lane;
    }

    /** Changes applied but not yet dropped from every other client's cache. */
    PendingChanges pending() {
        return pending;
    }

    String key() {
        return key;
    }

    Path path() {
        return path;
    }

    void moveTo(String newKey, Path newPath) {
        this.key = newKey;
        this.path = newPath;
    }

    long version() {
        return version;
    }

    boolean marked() {
        return marked;
    }

    void markedForTheGroup() {
        marked = true;
    }

    /**
     * Marks a change of the file's bytes. Versions grow and lean on the wall clock, so a version handed
     * out before a restart is never handed out again for different bytes. The clock is read as finely as it
     * goes (microseconds here), not in milliseconds: the version is taken just after the change reached the
     * disk, and the first open after the last close keeps it only if it is not older than the file's modified
     * time ({@link FileTable}); cut to the millisecond it often was, and every client then dropped the file's
     * cached pages for nothing. {@code [from, to)} are the bytes that changed.
     */
    long bump(long from, long to) {
        return bump(List.of(new long[] {from, to}));
    }

    /** As {@link #bump(long, long)}, for a change of several ranges at once (a transaction's writes to the file). */
    long bump(List<long[]> ranges) {
        return bump(ranges, 0);
    }

    /**
     * As {@link #bump(List)}, for a change of a replicated group's log stamped {@code stamp} by its leader: the stamp is
     * the new version, the same on every member ({@link GroupVersions}), unless this file's version is beyond it.
     */
    long bump(List<long[]> ranges, long stamp) {
        Instant now = Instant.now();
        version = stamp > version ? stamp : Math.max(version + 1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        for (long[] r : ranges) {
            history.record(version, r[0], r[1]);
        }
        return version;
    }

    /** The latest changes of the file's bytes, for a transaction's first-committer-wins check. */
    ChangeHistory history() {
        return history;
    }

    int pins() {
        return pins;
    }

    void pins(int n) {
        pins = n;
    }

    List<OpenFile> openers() {
        return openers;
    }

    /** The mode of a current opener that {@code mode} conflicts with, or {@code null} if none does. */
    OpenMode conflictWith(OpenMode mode) {
        for (OpenFile o : openers) {
            if (!o.mode().compatibleWith(mode)) {
                return o.mode();
            }
        }
        return null;
    }
}
