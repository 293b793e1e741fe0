package dev.cage.server;

import dev.cage.protocol.FileBusyException;
import dev.cage.server.journal.FileOp;
import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalEntry;
import dev.cage.server.journal.NamespaceOp;
import dev.cage.server.journal.NamespaceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Rolls a file or a subtree back to an instant: every journaled change since then that touched it is
 * undone, newest first. Writes get their old bytes back, growths are cut and cuts regrown, creates are
 * removed (to the trash), removes are brought back from the trash, renames are reversed and followed,
 * so a file renamed since is found under its old name. Each undo step is itself an ordinary journaled
 * change, so a rollback can be rolled back.
 *
 * <p>Runs on the namespace lane, refused while another session has an affected file open for writing.
 * Steps are applied one by one and their entries group-committed; the reply waits until all are durable.
 * A crash part-way leaves a partial rollback; running it again finishes it (undo steps write absolute bytes).
 */
final class Rollback {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Journaling journal;
    private final FileTable table;
    private final Storage tree;
    private final Storage trash;
    private final Session session;
    private final List<CompletableFuture<Long>> pending = new ArrayList<>();
    private String tracked;
    private final boolean subtree;
    private int steps;

    Rollback(Journaling journal, FileTable table, Session session, String key, boolean subtree) {
        this.journal = journal;
        this.table = table;
        this.tree = journal.treeStorage();
        this.trash = journal.trashStorage();
        this.session = session;
        this.tracked = key;
        this.subtree = subtree;
    }

    /** Hears how many journal entries have been gone through, of how many. */
    interface Progress {
        void at(long done, long total);
    }

    /** Undoes everything since {@code to}; returns how many undo steps it took. */
    int run(OffsetDateTime to, Progress progress) throws IOException {
        table.requireNotOpenForWriting(tracked, subtree);
        journal.namespace(session, NamespaceOp.ROLLBACK, tracked, "to " + to, null);
        long total = journal.store().countSince(to); // the marker above included: it is gone through too
        long[] seen = {0};
        try (Journaling.Change c = journal.begin()) {
            journal.store().forEachSinceNewestFirst(to, e -> {
                if (++seen[0] % 2000 == 0) {
                    progress.at(seen[0], total);
                }
                try {
                    undo(e);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            closeChannel();
            progress.at(seen[0], Math.max(total, seen[0])); // entries noted meanwhile may add to the count
            for (CompletableFuture<Long> f : pending) {
                f.join(); // every step durable before the caller hears "done"
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return steps;
    }

    private void undo(JournalEntry e) throws IOException {
        if (e instanceof FileRecord f) {
            if (f.getOp() != FileOp.READ && covers(f.getPath())) {
                undoFileChange(f);
            }
        } else if (e instanceof NamespaceRecord n) {
            undoNamespace(n);
        }
    }

    /** The file the last undo steps worked on, kept open while steps stay on it. */
    private String openPath;
    private FileChannel openChannel;

    private FileChannel channel(String key) throws IOException {
        if (!key.equals(openPath)) {
            closeChannel();
            if (!tree.isRegularFile(key, NOFOLLOW)) {
                return null;
            }
            openChannel = tree.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE);
            openPath = key;
        }
        return openChannel;
    }

    private void closeChannel() throws IOException {
        if (openChannel != null) {
            openChannel.close();
            openChannel = null;
            openPath = null;
        }
    }

    private void undoFileChange(FileRecord f) throws IOException {
        FileChannel ch = channel(f.getPath());
        if (ch == null) {
            return;
        }
        {
            if (f.getOp() == FileOp.WRITE) {
                write(ch, f.getPath(), f.getOffset(), journal.store().payloads().oldBytes(f));
                if (f.getNewSize() > f.getOldSize()) {
                    truncate(ch, f.getPath(), f.getOldSize());
                }
            } else if (f.getNewSize() < f.getOldSize()) {
                write(ch, f.getPath(), f.getNewSize(), journal.store().payloads().oldBytes(f)); // the cut-off bytes come back
            } else {
                truncate(ch, f.getPath(), f.getOldSize());
            }
        }
    }

    private void undoNamespace(NamespaceRecord n) throws IOException {
        if (n.getOp() == NamespaceOp.RENAME || n.getOp() == NamespaceOp.CREATE || n.getOp() == NamespaceOp.REMOVE) {
            closeChannel(); // names are about to move
        }
        switch (n.getOp()) {
            case RENAME -> {
                boolean in = covers(n.getPath2());
                boolean out = covers(n.getPath());
                if (!in && !out) {
                    return;
                }
                String from = n.getPath2();
                String back = n.getPath();
                if (tree.exists(from, NOFOLLOW) && !tree.exists(back, NOFOLLOW)) {
                    step(journal.record(session, NamespaceOp.RENAME, n.getPath2())
                        .path2(n.getPath()));
                    tree.move(from, back);
                }
                if (tracked.equals(n.getPath2())) {
                    tracked = n.getPath(); // what is tracked had this name before: follow it back
                }
            }
            case CREATE, MKDIR -> {
                if (!covers(n.getPath())) {
                    return;
                }
                String p = n.getPath();
                if (tree.isRegularFile(p, NOFOLLOW)) {
                    String ref = journal.newTrashRef();
                    step(journal.record(session, NamespaceOp.REMOVE, n.getPath())
                        .trashRef(ref));
                    tree.moveTo(p, trash, ref);
                } else if (tree.isDirectory(p, NOFOLLOW) && tree.isEmptyDirectory(p)) {
                    step(journal.record(session, NamespaceOp.RMDIR, n.getPath()));
                    tree.delete(p);
                }
            }
            case REMOVE -> {
                String p = n.getPath();
                String kept = n.getTrashRef();
                if (!covers(p) || tree.exists(p, NOFOLLOW) || kept == null || !trash.exists(kept)) {
                    return;
                }
                byte[] content = trash.readAllBytes(kept);
                step(journal.record(session, NamespaceOp.CREATE, n.getPath()));
                step(FileRecord.write(journal.now(), session.id(), n.getPath(), 0, content, new byte[0], 0, content.length));
                trash.copyTo(kept, tree, p); // the trash keeps its copy: another rollback may need it
            }
            case RMDIR -> {
                String p = n.getPath();
                if (covers(p) && !tree.exists(p, NOFOLLOW)) {
                    step(journal.record(session, NamespaceOp.MKDIR, n.getPath()));
                    tree.createDirectory(p);
                }
            }
            default -> {
                // opens, closes, sessions, checkpoints and earlier rollback markers change nothing here
            }
        }
    }

    private void write(FileChannel ch, String path, long offset, byte[] bytes) throws IOException {
        long size = ch.size();
        byte[] current = FileBytes.overwritten(ch, offset, bytes.length, size);
        step(FileRecord.write(journal.now(), session.id(), path, offset, bytes, current, size, Math.max(size, offset + bytes.length)));
        ch.write(ByteBuffer.wrap(bytes), offset);
    }

    private void truncate(FileChannel ch, String path, long size) throws IOException {
        long current = ch.size();
        if (current == size) {
            return;
        }
        byte[] cut = size < current ? FileBytes.read(ch, size, (int) (current - size)) : new byte[0];
        step(FileRecord.truncate(journal.now(), session.id(), path, cut, current, size));
        FileBytes.resize(ch, current, size);
    }

    private void step(JournalEntry e) {
        pending.add(journal.store().append(e));
        steps++;
    }

    private boolean covers(String path) {
        if (path == null) {
            return false;
        }
        if (!subtree) {
            return path.equals(tracked);
        }
        return tracked.isEmpty() || path.equals(tracked) || path.startsWith(tracked + "/");
    }

    static FileBusyException busy(String key) {
        return new FileBusyException("cannot roll back '" + key + "': another session has it open for writing");
    }
}
