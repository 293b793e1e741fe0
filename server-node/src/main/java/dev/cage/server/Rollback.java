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
 * change, so a rollback can be rolled back. A branch ({@link #branch}) undoes the same changes on a copy instead.
 *
 * <p>Runs on the namespace lane, refused while another session has an affected file open for writing.
 * Steps are applied one by one ({@link UndoSteps}: to this node's tree, or in a group through its log, so every
 * member rolls back alike); the reply waits until all are durable. A crash part-way leaves a partial rollback;
 * running it again finishes it (undo steps write absolute bytes).
 */
final class Rollback {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int COPY_CHUNK = 1 << 20;

    private final Journaling journal;
    private final FileTable table;
    private final Storage tree;
    private final Storage trash;
    private final Session session;
    private final UndoSteps undo;
    private String tracked;
    private final boolean subtree;
    /** A branch's root: the steps go here instead of to {@link #tracked} ({@code null} for a rollback). */
    private final String branch;

    Rollback(Journaling journal, FileTable table, Session session, String key, boolean subtree, UndoSteps undo) {
        this(journal, table, session, key, subtree, undo, null);
    }

    private Rollback(Journaling journal, FileTable table, Session session, String key, boolean subtree, UndoSteps undo,
                     String branch) {
        this.journal = journal;
        this.table = table;
        this.tree = journal.treeStorage();
        this.trash = journal.trashStorage();
        this.session = session;
        this.tracked = key;
        this.subtree = subtree;
        this.undo = undo;
        this.branch = branch;
    }

    /**
     * A branch: {@code to} becomes a copy of {@code from} as it was at the instant given to {@link #run}. It starts as
     * a copy of {@code from} now, then every change since that touched {@code from} is undone on the copy instead.
     *
     * @throws dev.cage.protocol.CageFileNotFoundException if {@code from} does not exist
     * @throws dev.cage.protocol.CageFileExistsException if {@code to} does
     * @throws dev.cage.protocol.InvalidArgumentException if {@code to} lies inside {@code from}, or is the root
     */
    static Rollback branch(Journaling journal, FileTable table, Session session, String from, String to,
                           UndoSteps undo) throws IOException {
        Storage tree = journal.treeStorage();
        if (!tree.exists(from, NOFOLLOW)) {
            throw new dev.cage.protocol.CageFileNotFoundException("no such file or directory: '" + from + "'");
        }
        if (to.isEmpty() || to.equals(from) || from.isEmpty() || to.startsWith(from + "/")) {
            throw new dev.cage.protocol.InvalidArgumentException("cannot branch '" + from + "' to '" + to
                + "': the branch must lie outside what it copies");
        }
        if (tree.exists(to, NOFOLLOW)) {
            throw new dev.cage.protocol.CageFileExistsException("cannot branch to '" + to + "': it exists");
        }
        int slash = to.lastIndexOf('/');
        if (slash > 0 && !tree.isDirectory(to.substring(0, slash), NOFOLLOW)) {
            throw new dev.cage.protocol.CageFileNotFoundException("cannot branch to '" + to + "': no directory '"
                + to.substring(0, slash) + "'");
        }
        return new Rollback(journal, table, session, from, tree.isDirectory(from, NOFOLLOW), undo, to);
    }

    /** Hears how many journal entries have been gone through, of how many. */
    interface Progress {
        void at(long done, long total);
    }

    /** Undoes everything since {@code to}; returns how many undo steps it took. */
    int run(OffsetDateTime to, Progress progress) throws IOException {
        if (branch == null) {
            table.requireNotOpenForWriting(tracked, subtree);
            journal.namespace(session, NamespaceOp.ROLLBACK, tracked, "to " + to, null);
        } else {
            journal.namespace(session, NamespaceOp.ROLLBACK, branch, "branch of " + tracked + " as of " + to, null);
        }
        long total = journal.store().countSince(to); // the marker above included: it is gone through too
        long[] seen = {0};
        try {
            if (undo.replicated()) {
                // Each step waits for the group, whose members take the checkpoint lock to apply it: hold none here.
                startBranch();
                undoAll(collect(to), seen, total, progress);
                undo.finish();
            } else {
                try (Journaling.Change c = journal.begin()) {
                    startBranch();
                    if (branch == null) {
                        journal.store().forEachSinceNewestFirst(to, e -> undoOne(e, null, seen, total, progress));
                    } else {
                        undoAll(collect(to), seen, total, progress); // a branch looks at later entries, too
                    }
                    undo.finish();
                }
            }
            progress.at(seen[0], Math.max(total, seen[0])); // entries noted meanwhile may add to the count
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return undo.count();
    }

    /** A branch starts as a copy of what it branches, as it is now. */
    private void startBranch() throws IOException {
        if (branch != null) {
            copyHere(tracked, branch);
        }
    }

    /** Every journal entry since {@code to}, newest first. */
    private List<JournalEntry> collect(OffsetDateTime to) {
        List<JournalEntry> since = new ArrayList<>();
        journal.store().forEachSinceNewestFirst(to, since::add);
        return since;
    }

    private void undoAll(List<JournalEntry> since, long[] seen, long total, Progress progress) {
        for (int i = 0; i < since.size(); i++) {
            undoOne(since.get(i), since.subList(0, i), seen, total, progress);
        }
    }

    /** Undoes one entry; {@code newer} are the entries after it, newest first (a branch needs them). */
    private void undoOne(JournalEntry e, List<JournalEntry> newer, long[] seen, long total, Progress progress) {
        if (++seen[0] % 2000 == 0) {
            progress.at(seen[0], total);
        }
        try {
            undo(e, newer);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void undo(JournalEntry e, List<JournalEntry> newer) throws IOException {
        if (e instanceof FileRecord f) {
            if (f.getOp() != FileOp.READ && covers(f.getPath()) && tree.isRegularFile(here(f.getPath()), NOFOLLOW)) {
                undoFileChange(f);
            }
        } else if (e instanceof NamespaceRecord n) {
            undoNamespace(n, newer);
        }
    }

    private void undoFileChange(FileRecord f) throws IOException {
        undoFileChange(f, here(f.getPath()));
    }

    private void undoFileChange(FileRecord f, String path) throws IOException {
        if (f.getOp() == FileOp.WRITE) {
            undo.write(path, f.getOffset(), journal.store().payloads().oldBytes(f));
            if (f.getNewSize() > f.getOldSize()) {
                undo.truncate(path, f.getOldSize());
            }
        } else if (f.getNewSize() < f.getOldSize()) {
            byte[] cut = journal.store().payloads().oldBytes(f);
            undo.write(path, f.getNewSize(), cut); // the cut-off bytes come back
            if (f.getNewSize() + cut.length < f.getOldSize()) {
                undo.truncate(path, f.getOldSize()); // and the zeros after them, which the journal kept as a size
            }
        } else {
            undo.truncate(path, f.getOldSize());
        }
    }

    private void undoNamespace(NamespaceRecord n, List<JournalEntry> newer) throws IOException {
        switch (n.getOp()) {
            case RENAME -> {
                boolean in = covers(n.getPath2());
                boolean out = covers(n.getPath());
                if (!in && !out) {
                    return;
                }
                if (branch != null && tracked.equals(n.getPath2())) {
                    tracked = n.getPath(); // the branch's root had this name before; the branch keeps its own
                    return;
                }
                if (branch != null && in != out) {
                    // Across the edge of what the branch copies: came in since (not there then), or left since
                    // (there then: its bytes now are where its history goes back from).
                    if (in) {
                        removeHere(here(n.getPath2()));
                    } else if (!tree.exists(here(n.getPath()), NOFOLLOW)) {
                        bringBack(n, newer);
                    }
                    return;
                }
                String from = here(n.getPath2());
                String back = here(n.getPath());
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
                String p = here(n.getPath());
                if (tree.isRegularFile(p, NOFOLLOW)) {
                    undo.remove(p);
                } else if (tree.isDirectory(p, NOFOLLOW) && tree.isEmptyDirectory(p)) {
                    undo.rmdir(p);
                }
            }
            case REMOVE -> {
                String kept = n.getTrashRef();
                if (!covers(n.getPath()) || tree.exists(here(n.getPath()), NOFOLLOW) || kept == null
                    || !trash.exists(kept)) {
                    return;
                }
                // the trash keeps its copy: another rollback may need it
                undo.restore(here(n.getPath()), trash.readAllBytes(kept));
            }
            case RMDIR -> {
                if (covers(n.getPath()) && !tree.exists(here(n.getPath()), NOFOLLOW)) {
                    undo.mkdir(here(n.getPath()));
                }
            }
            default -> {
                // opens, closes, sessions, checkpoints and earlier rollback markers change nothing here
            }
        }
    }

    /** Where a path of the journal's lies now: itself, or in a branch the same place under the branch's root. */
    private String here(String path) {
        return branch == null ? path : branch + path.substring(tracked.length());
    }

    /** Copies a file or a directory and all under it, as it is now, to {@code target} (which does not exist). */
    private void copyHere(String source, String target) throws IOException {
        if (tree.isDirectory(source, NOFOLLOW)) {
            undo.mkdir(target);
            for (String name : tree.list(source)) {
                copyHere(source + "/" + name, target + "/" + name);
            }
        } else if (tree.isRegularFile(source, NOFOLLOW)) {
            undo.restore(target, new byte[0]);
            try (java.nio.channels.FileChannel ch = tree.open(source, java.nio.file.StandardOpenOption.READ)) {
                long size = ch.size();
                for (long at = 0; at < size; at += COPY_CHUNK) {
                    undo.write(target, at, FileBytes.read(ch, at, (int) Math.min(COPY_CHUNK, size - at)));
                }
            }
        }
    }

    /**
     * In a branch: something left the copied subtree by {@code left} (a rename), after the instant. It comes back
     * into the branch as it was when it left: found where it is now by following its later renames (or in the trash,
     * if it was removed since), and a file's byte changes since it left are undone on the branch's copy.
     */
    private void bringBack(NamespaceRecord left, List<JournalEntry> newer) throws IOException {
        String target = here(left.getPath());
        String name = left.getPath2();
        String removedAs = null;
        List<String> names = new ArrayList<>(List.of(name));
        List<Long> until = new ArrayList<>(); // the name names.get(i) held until entry until.get(i)
        for (int i = newer.size() - 1; i >= 0 && name != null; i--) { // oldest first
            if (newer.get(i) instanceof NamespaceRecord n && name.equals(n.getPath())) {
                if (n.getOp() == NamespaceOp.RENAME) {
                    until.add(n.getSeq());
                    name = n.getPath2();
                    names.add(name);
                } else if (n.getOp() == NamespaceOp.REMOVE) {
                    until.add(n.getSeq());
                    removedAs = n.getTrashRef();
                    name = null;
                }
            }
        }
        if (name != null) {
            copyHere(name, target); // a directory comes back as it is now
        } else if (removedAs != null && trash.exists(removedAs)) {
            undo.restore(target, trash.readAllBytes(removedAs));
        } else {
            return;
        }
        if (!tree.isRegularFile(target, NOFOLLOW)) {
            return;
        }
        for (JournalEntry e : newer) { // newest first
            if (e instanceof FileRecord f && f.getOp() != FileOp.READ && tree.isRegularFile(target, NOFOLLOW)) {
                int span = 0;
                while (span < until.size() && f.getSeq() > until.get(span)) {
                    span++;
                }
                if (span < names.size() && names.get(span).equals(f.getPath()) && f.getSeq() > left.getSeq()) {
                    undoFileChange(f, target);
                }
            }
        }
    }

    /** Removes a file, or a directory and all under it. */
    private void removeHere(String path) throws IOException {
        if (tree.isDirectory(path, NOFOLLOW)) {
            for (String name : tree.list(path)) {
                removeHere(path + "/" + name);
            }
            undo.rmdir(path);
        } else if (tree.exists(path, NOFOLLOW)) {
            undo.remove(path);
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
