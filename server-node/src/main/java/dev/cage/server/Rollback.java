package dev.cage.server;

import dev.cage.protocol.FileBusyException;
import dev.cage.server.journal.FileOp;
import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalEntry;
import dev.cage.server.journal.NamespaceOp;
import dev.cage.server.journal.NamespaceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.LinkOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rolls a file or a subtree back to an instant: every journaled change since then that touched it is
 * undone, newest first. Writes get their old bytes back, growths are cut and cuts regrown, creates are
 * removed (to the trash), removes are brought back from the trash, renames are reversed and followed,
 * so a file renamed since is found under its old name. Each undo step is itself an ordinary journaled
 * change, so a rollback can be rolled back.
 *
 * <p>Runs on the namespace lane, refused while another session has an affected file open for writing.
 * Steps are applied one by one ({@link UndoSteps}: to this node's tree, or in a group through its log, so every
 * member rolls back alike); the reply waits until all are durable. A crash part-way leaves a partial rollback;
 * running it again finishes it (undo steps write absolute bytes).
 */
final class Rollback {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Journaling journal;
    private final FileTable table;
    private final Storage tree;
    private final Storage trash;
    private final Session session;
    private final UndoSteps undo;
    private String tracked;
    private final boolean subtree;

    Rollback(Journaling journal, FileTable table, Session session, String key, boolean subtree, UndoSteps undo) {
        this.journal = journal;
        this.table = table;
        this.tree = journal.treeStorage();
        this.trash = journal.trashStorage();
        this.session = session;
        this.tracked = key;
        this.subtree = subtree;
        this.undo = undo;
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
        Consumer<JournalEntry> each = e -> {
            if (++seen[0] % 2000 == 0) {
                progress.at(seen[0], total);
            }
            try {
                undo(e);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        };
        try {
            if (undo.replicated()) {
                // Each step waits for the group, whose members take the checkpoint lock to apply it: hold none here.
                List<JournalEntry> since = new ArrayList<>();
                journal.store().forEachSinceNewestFirst(to, since::add);
                since.forEach(each);
                undo.finish();
            } else {
                try (Journaling.Change c = journal.begin()) {
                    journal.store().forEachSinceNewestFirst(to, each);
                    undo.finish();
                }
            }
            progress.at(seen[0], Math.max(total, seen[0])); // entries noted meanwhile may add to the count
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return undo.count();
    }

    private void undo(JournalEntry e) throws IOException {
        if (e instanceof FileRecord f) {
            if (f.getOp() != FileOp.READ && covers(f.getPath()) && tree.isRegularFile(f.getPath(), NOFOLLOW)) {
                undoFileChange(f);
            }
        } else if (e instanceof NamespaceRecord n) {
            undoNamespace(n);
        }
    }

    private void undoFileChange(FileRecord f) throws IOException {
        String path = f.getPath();
        if (f.getOp() == FileOp.WRITE) {
            undo.write(path, f.getOffset(), journal.store().payloads().oldBytes(f));
            if (f.getNewSize() > f.getOldSize()) {
                undo.truncate(path, f.getOldSize());
            }
        } else if (f.getNewSize() < f.getOldSize()) {
            undo.write(path, f.getNewSize(), journal.store().payloads().oldBytes(f)); // the cut-off bytes come back
        } else {
            undo.truncate(path, f.getOldSize());
        }
    }

    private void undoNamespace(NamespaceRecord n) throws IOException {
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
                    undo.rename(from, back);
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
                    undo.remove(p);
                } else if (tree.isDirectory(p, NOFOLLOW) && tree.isEmptyDirectory(p)) {
                    undo.rmdir(p);
                }
            }
            case REMOVE -> {
                String p = n.getPath();
                String kept = n.getTrashRef();
                if (!covers(p) || tree.exists(p, NOFOLLOW) || kept == null || !trash.exists(kept)) {
                    return;
                }
                undo.restore(p, trash.readAllBytes(kept)); // the trash keeps its copy: another rollback may need it
            }
            case RMDIR -> {
                String p = n.getPath();
                if (covers(p) && !tree.exists(p, NOFOLLOW)) {
                    undo.mkdir(p);
                }
            }
            default -> {
                // opens, closes, sessions, checkpoints and earlier rollback markers change nothing here
            }
        }
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
