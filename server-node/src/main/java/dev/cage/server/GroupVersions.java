package dev.cage.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives a file the same id and the same version on every member of a replicated group, so that a client's cached
 * pages, and the cluster-shared tier's, stay good whichever member serves them (after a failover too).
 *
 * <p>The leader stamps each change it puts in the log ({@link #nextStamp}): a wall-clock time in nanoseconds, above
 * every stamp applied before, so no two changes of the log share one. A member applying a change gives each file it
 * changes that stamp as its version (unless the file's version is already beyond it: then the version is this
 * member's own, as on a standalone node), sets the file's modified time to it, so the version survives the file's
 * state being dropped and a restart (a closed file's version is read back from its modified time), and marks the file
 * with a group-wide id (a user attribute, {@value #ATTRIBUTE}) if it has none: a hash of its path and the stamp of
 * the change that first marked it, the same on every member. A marked file keeps its id through renames, like an
 * inode. A file without a mark (never changed through the group, or on a file system without user attributes) is
 * named by its inode, as on a standalone node: its id then differs between members, so one member's (id, version)
 * never names another member's bytes.
 *
 * <p>A member that repairs a file after a crash (the journal's redo) writes it with its own clock, so its version is
 * its own until the next change: clients then refetch what they cached, nothing worse.
 */
final class GroupVersions {
    private static final System.Logger LOG = System.getLogger(GroupVersions.class.getName());
    /** The user attribute holding a file's group-wide id (8 bytes, big-endian). */
    static final String ATTRIBUTE = "cage.file";

    private final Storage tree;
    private final AtomicLong lastStamp = new AtomicLong();
    private final ThreadLocal<Long> applying = new ThreadLocal<>();
    private volatile boolean marking;
    private volatile boolean warned;

    GroupVersions(Storage tree) {
        this.tree = tree;
    }

    /** From now on this node is a group member: files changed through the log are marked. */
    void enable() {
        marking = true;
    }

    /** Whether this node is a group member, which marks files. */
    boolean marking() {
        return marking;
    }

    /** The stamp for the next change this member, as leader, puts in the group's log. */
    long nextStamp() {
        Instant now = Instant.now();
        long clock = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return lastStamp.accumulateAndGet(clock, (last, c) -> Math.max(last + 1, c));
    }

    /** While the returned scope is open, this thread applies the change stamped {@code stamp} (0: none). */
    Scope applying(long stamp) {
        lastStamp.accumulateAndGet(stamp, Math::max); // a new leader stamps above every change it has applied
        Long outer = applying.get();
        applying.set(stamp);
        return () -> {
            if (outer == null) {
                applying.remove();
            } else {
                applying.set(outer);
            }
        };
    }

    /** An open {@link #applying} scope. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The stamp of the change this thread applies, or 0 (a standalone node's change, or a step of a tree copy). */
    long stamp() {
        Long s = applying.get();
        return s == null ? 0 : s;
    }

    /**
     * After a change of {@code file}'s bytes gave it {@code version}: if that is the change's stamp, the modified time
     * keeps it and the file gets its mark (read from the disk only if its state does not know it has one).
     */
    void changed(FileState file, long version) {
        long stamp = stamp();
        if (stamp != 0 && version == stamp && marking && stampAndMark(file.key(), stamp, false, file.marked())) {
            file.markedForTheGroup();
        }
    }

    /** After the file {@code key} was created by a change of the group's log: its version and mark from the stamp. */
    void created(String key) {
        long stamp = stamp();
        if (stamp != 0 && marking) {
            stampAndMark(key, stamp, true, false);
        }
    }

    /**
     * Gives {@code key} the mark {@code id} and the version {@code modified} of another member's copy of it (the same
     * bytes); false if it could not (said once in the log).
     */
    boolean adopt(String key, long id, long modified) {
        try {
            tree.writeAttribute(key, ATTRIBUTE, ByteBuffer.allocate(Long.BYTES).putLong(id).array());
            tree.setModifiedTime(key, modified);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            cannotMark(key, e);
            return false;
        }
    }

    /**
     * Applying a MARK (a file the group never changed, first opened at the leader): gives it the change's stamp as its
     * version and its mark, unless it is marked already or is not a regular file here.
     */
    void markUnchanged(String key) throws IOException {
        long stamp = stamp();
        if (stamp != 0 && marking && tree.isRegularFile(key) && markedId(key) == 0) {
            stampAndMark(key, stamp, true, false);
        }
    }

    /**
     * The stamp as the file's modified time (its version), and its mark from the stamp unless it has one already
     * ({@code marked}: known to have one; {@code unmarked}: known to have none; else the disk is asked). Whether the
     * file is marked now.
     */
    private boolean stampAndMark(String key, long stamp, boolean unmarked, boolean marked) {
        try {
            tree.setModifiedTime(key, stamp);
            if (!marked && (unmarked || markedId(key) == 0)) {
                mark(key, stamp);
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            cannotMark(key, e);
            return false;
        }
    }

    /** The group-wide id the file's mark holds, or 0 if it has none. */
    long markedId(String key) throws IOException {
        if (!marking) {
            return 0;
        }
        byte[] v = tree.readAttribute(key, ATTRIBUTE);
        return v != null && v.length == Long.BYTES ? ByteBuffer.wrap(v).getLong() : 0;
    }

    private void mark(String key, long stamp) throws IOException {
        tree.writeAttribute(key, ATTRIBUTE, ByteBuffer.allocate(Long.BYTES).putLong(idFor(key, stamp)).array());
    }

    /**
     * The change stands (its bytes are applied and journaled); only the file's group-wide name or version is missing,
     * so this member names it by inode or gives it its own version, and clients refetch it after a failover.
     */
    private void cannotMark(String key, Exception e) {
        if (!warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, "cannot give ''{0}'' its group-wide id or version ({1}): this member"
                + " names such files by inode, so clients refetch what they cached from it after a failover (said once)",
                key, e.toString());
        }
    }

    /** FNV-1a of the path and the stamp: the same on every member, never 0. */
    static long idFor(String key, long stamp) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        for (int i = 56; i >= 0; i -= 8) {
            h = (h ^ ((stamp >>> i) & 0xff)) * 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}
