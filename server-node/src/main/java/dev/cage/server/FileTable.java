package dev.cage.server;

import dev.cage.protocol.CageException;
import dev.cage.protocol.FileBusyException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.SharingConflictException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files that are open, keyed by their normalized client path, and the sharing rules between their
 * openers. One lock guards the table, so opens, closes, renames and removes are applied one at a time
 * and a conflicting open fails at once instead of waiting.
 */
final class FileTable {
    private final Map<String, FileState> open = new HashMap<>();
    private final Map<String, Long> lastVersions = new HashMap<>();
    private final AtomicLong handles = new AtomicLong();
    /** Open channels (openers of all files), kept as they come and go: OPEN checks it against the node's limit. */
    private int channels;
    private final Executor pool;
    private final Storage tree;
    private final Storage trash;
    private final GroupVersions versions;

    /**
     * @param tree the served tree, where the table's files are
     * @param trash where a removed file is kept when a rollback may need it back
     * @param versions a group member's group-wide file ids
     */
    FileTable(Executor pool, Storage tree, Storage trash, GroupVersions versions) {
        this.versions = versions;
        this.pool = pool;
        this.tree = tree;
        this.trash = trash;
    }

    /**
     * Opens the file {@code key} in {@code mode}, or fails naming the holder's mode. {@code path} is where the
     * caller resolved the key through the jail; the file's state keeps it.
     */
    synchronized OpenFile open(Session session, String key, Path path, OpenMode mode, boolean create)
        throws IOException {
        FileState state = open.get(key);
        if (state != null) {
            OpenMode holder = state.conflictWith(mode);
            if (holder != null) {
                throw new SharingConflictException("cannot open '" + key + "' " + mode + ": it is held " + holder
                    + " by " + (holder == OpenMode.EXCLUSIVE ? "another channel" : "other channels"));
            }
        }
        if (tree.isDirectory(key)) {
            throw new dev.cage.protocol.WrongFileTypeException(dev.cage.protocol.Status.IS_A_DIRECTORY,
                "cannot open '" + key + "': it is a directory");
        }
        FileChannel ch = mode.writable()
            ? tree.open(key, create
                ? new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE}
                : new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE})
            : openReadOnly(key, create);
        if (state == null) {
            state = newState(key, path);
            open.put(key, state);
        }
        OpenFile f = new OpenFile(handles.incrementAndGet(), session, state, mode, ch);
        state.openers().add(f);
        channels++;
        return f;
    }

    private FileChannel openReadOnly(String key, boolean create) throws IOException {
        if (create && !tree.exists(key)) {
            tree.createFile(key);
        }
        return tree.open(key, StandardOpenOption.READ);
    }

    /** Forgets one opener; the last one to leave takes the file's state with it. */
    synchronized void release(OpenFile f) {
        FileState state = f.file();
        if (state.openers().remove(f)) {
            channels--;
        }
        forgetIfUnused(state);
        try {
            f.channel().close();
        } catch (IOException ignored) {
            // Closing a file we only read or wrote through cannot lose data that write() acknowledged.
        }
    }

    private void forgetIfUnused(FileState state) {
        if (state.openers().isEmpty() && state.pins() == 0 && open.get(state.key()) == state) {
            open.remove(state.key());
            lastVersions.put(state.key(), state.version());
        }
    }

    /**
     * The live state of a file, created if nobody has it open, kept until {@link #unpin}: a transaction commit
     * writes through it (its lane, its version) whether or not anyone has the file open, even exclusively.
     */
    synchronized FileState pin(String key) throws IOException {
        FileState state = open.get(key);
        if (state == null) {
            Path path = tree.resolve(key);
            state = newState(key, path);
            open.put(key, state);
        }
        state.pins(state.pins() + 1);
        return state;
    }

    synchronized void unpin(FileState state) {
        state.pins(state.pins() - 1);
        forgetIfUnused(state);
    }

    /**
     * The version of a file: its live state's if open, else derived from what the disk says. ({@code path} is
     * where {@link FileService} resolved the key; the table reads the disk by key.)
     */
    synchronized long version(String key, Path path) throws IOException {
        FileState state = open.get(key);
        return state != null ? state.version() : initialVersion(key);
    }

    private long initialVersion(String key) throws IOException {
        long disk = tree.attributes(key).lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Long last = lastVersions.get(key);
        // Keep the version of the last close while the file is unchanged on disk, so it stays stable.
        return last != null && last >= disk ? last : disk;
    }

    /**
     * A file copied from another member of the group ({@link TreeCopy}), its bytes now equal to that member's: it
     * takes that member's group-wide id and version ({@code modified}, its modified time), unless someone here has it
     * open (then its version here stays this member's own until the last close).
     */
    synchronized void adoptCopy(String key, long id, long modified) {
        if (open.containsKey(key)) {
            return;
        }
        if (versions.adopt(key, id, modified)) {
            lastVersions.remove(key); // the copy's own writes left a version of this member's here
        }
    }

    /**
     * The state of a file nobody has open. Its 64-bit name: in a replicated group, the group-wide id of its mark if it
     * has one (the state remembers it has, so a change through it need not read the mark again); else from its
     * file-system key (device and inode on Unix), else from its path.
     */
    private FileState newState(String key, Path path) throws IOException {
        long marked = versions.markedId(key);
        FileState state = new FileState(key, path, marked != 0 ? marked : inodeId(key, path), initialVersion(key), pool);
        if (marked != 0) {
            state.markedForTheGroup();
        }
        return state;
    }

    private long inodeId(String key, Path path) throws IOException {
        Object fileKey = tree.attributes(key).fileKey();
        String basis = fileKey != null ? fileKey.toString() : path.toString();
        long h = 0xcbf29ce484222325L; // FNV-1a: stable across JVMs, unlike String.hashCode widened
        for (int i = 0; i < basis.length(); i++) {
            h = (h ^ basis.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** Fails if the file (or, for a subtree, any file under it) is open for writing by anyone. */
    synchronized void requireNotOpenForWriting(String key, boolean subtree) throws CageException {
        for (FileState s : open.values()) {
            boolean affected = subtree ? isSameOrUnder(s.key(), key) : s.key().equals(key);
            if (affected && s.openers().stream().anyMatch(o -> o.mode().writable())) {
                throw Rollback.busy(s.key());
            }
        }
    }

    /** Fails if the file, or any file under the directory, is open. */
    synchronized void requireNotOpen(String key, String action) throws CageException {
        for (FileState s : open.values()) {
            if (isSameOrUnder(s.key(), key)) {
                throw new FileBusyException("cannot " + action + " '" + key + "': '" + s.key() + "' is open ("
                    + s.openers().size() + " channel" + (s.openers().size() == 1 ? "" : "s") + "); close it first");
            }
        }
    }

    /**
     * Renames while holding the table, so no open can slip in between the check and the move. An open
     * file may be renamed: its channels follow it. A directory with open files inside may not.
     */
    synchronized void rename(String fromKey, Path from, String toKey, Path to, Step journal) throws IOException {
        requireRenamable(fromKey, toKey);
        FileState moving = open.get(fromKey);
        journal.run();
        tree.move(fromKey, toKey, StandardCopyOption.ATOMIC_MOVE);
        lastVersions.remove(fromKey);
        lastVersions.remove(toKey);
        if (moving != null) {
            open.remove(fromKey);
            moving.moveTo(toKey, to);
            open.put(toKey, moving);
        }
    }

    /** Fails if a rename would move a directory holding open files, or land on an open file. */
    synchronized void requireRenamable(String fromKey, String toKey) throws CageException {
        if (open.containsKey(toKey)) {
            throw new FileBusyException("cannot rename onto '" + toKey + "': it is open");
        }
        if (!open.containsKey(fromKey)) { // an open file itself may move: its channels follow it
            requireNotOpen(fromKey, "rename");
        }
    }

    /**
     * Closes every channel open on {@code key} or, with {@code itself} false, only under it, whoever holds it; returns
     * how many. A member applying the group's log calls it before a removal or a rename: the leader refused such a
     * change if it was busy there, so a channel here is one the leader never knew of (a follower-read session's), and
     * it must not make this member refuse what every other member applies.
     */
    synchronized int closeChannels(String key, boolean itself) {
        int closed = 0;
        for (FileState s : List.copyOf(open.values())) {
            if (itself ? isSameOrUnder(s.key(), key) : s.key().startsWith(key + "/")) {
                for (OpenFile f : List.copyOf(s.openers())) {
                    if (f.session().files().remove(f.handle(), f)) {
                        release(f);
                        closed++;
                    }
                }
            }
        }
        return closed;
    }

    /**
     * Removes a file or empty directory unless it (or something under it) is open; {@code keepAt}, if not
     * {@code null}, is its place in the trash. The form {@link FileService} calls, by path, until it goes through
     * {@link Storage}.
     */
    synchronized void remove(String key, Path path, Step journal, Path keepAt) throws IOException {
        requireNotOpen(key, "remove"); // first, as before: an open file is busy whatever keepAt is
        remove(key, journal, keepAt == null ? null : trash.keyOf(keepAt));
    }

    /**
     * Removes a file or empty directory unless it (or something under it) is open; with a {@code trashRef} the
     * file is kept in the trash under that name, so a rollback can bring it back.
     */
    synchronized void remove(String key, Step journal, String trashRef) throws IOException {
        requireNotOpen(key, "remove");
        journal.run();
        if (trashRef != null) {
            tree.moveTo(key, trash, trashRef);
        } else {
            tree.delete(key);
        }
        lastVersions.remove(key);
    }

    /** Runs between the checks and the change: the journal entry that must be durable first. */
    @FunctionalInterface
    interface Step {
        Step NONE = () -> { };

        void run() throws IOException;
    }

    /**
     * The sessions other than {@code writer} that have the file open. Taken under the table lock after a
     * change is applied, so a session that opens concurrently either is listed or sees the new version.
     */
    synchronized java.util.List<Session> otherOpeners(FileState file, Session writer) {
        return file.openers().stream().map(OpenFile::session).filter(s -> s != writer).distinct().toList();
    }

    /** Whether anyone here has the file open (or a commit has it pinned). */
    synchronized boolean isOpen(String key) {
        return open.containsKey(key);
    }

    /** Whether a group member's file lacks its group-wide id, and nobody here has it open (see FileService's MARK). */
    synchronized boolean needsGroupMark(String key) throws IOException {
        return !open.containsKey(key) && versions.marking() && versions.markedId(key) == 0;
    }

    /** Distinct files open (a file open on several channels counts once). */
    synchronized int openFileCount() {
        return open.size();
    }

    /** Channels open, over all sessions (a file open on several channels counts each). */
    synchronized int openCount() {
        return channels;
    }

    private static boolean isSameOrUnder(String candidate, String key) {
        return key.isEmpty() || candidate.equals(key) || candidate.startsWith(key + "/");
    }
}
