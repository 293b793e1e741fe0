package dev.cage.server;

import dev.cage.server.journal.FileOp;
import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalEntry;
import dev.cage.server.journal.JournalPayloads;
import dev.cage.server.journal.JournalStore;
import dev.cage.server.journal.NamespaceOp;
import dev.cage.server.journal.NamespaceRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Brings the tree in line with the journal after a crash, replaying what came after the last checkpoint.
 *
 * <p>Namespace changes (create, mkdir, rmdir, remove, rename) run one at a time, each journaled before it is
 * applied, so when the node died every one of them in the window had reached the disk except perhaps the last. Only
 * that last one is redone, where the disk shows it did not happen (a rename whose source is still there and target
 * is not, a remove whose file is still there and not yet in the trash, a create or mkdir whose name is free). The
 * earlier ones are not replayed: a name may have been used again since (a file created, removed and created again;
 * renamed away and the name taken by another), and replaying them would bring back what was removed.
 *
 * <p>Writes and truncates are then replayed in journal order, each onto the file it was made to, wherever that file
 * is now: a later rename in the window moved it (or the directory above it), a later remove put it in the trash.
 * Replaying the whole window in order is idempotent and ends in the journaled state, whatever part of it had reached
 * the disk. A write to a file that no longer exists anywhere (removed without a trash copy) is skipped.
 */
final class Recovery {
    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    /** What recovery changed. */
    record Report(int entries, int bytesRepaired, int namespaceRepaired) {
        boolean repairedAnything() {
            return bytesRepaired + namespaceRepaired > 0;
        }
    }

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Storage tree;
    private final Storage trash;
    private final JournalPayloads payloads;
    private int bytesRepaired;
    private int namespaceRepaired;

    private Recovery(Storage tree, Storage trash, JournalPayloads payloads) {
        this.tree = tree;
        this.trash = trash;
        this.payloads = payloads;
    }

    /** A file's place: a key in the tree, or a trash ref in the trash. */
    private record Place(Storage area, String key) {
    }

    static Report run(JournalStore store, Storage tree, Storage trash) throws IOException {
        List<JournalEntry> window = new ArrayList<>();
        store.forEachAfter(store.lastCheckpointSeq(), window::add);
        Recovery r = new Recovery(tree, trash, store.payloads());
        int lastChange = -1;
        for (int i = 0; i < window.size(); i++) {
            if (window.get(i) instanceof NamespaceRecord n && changesNames(n.getOp())) {
                lastChange = i;
            }
        }
        if (lastChange >= 0) {
            r.redo((NamespaceRecord) window.get(lastChange));
        }
        for (int i = 0; i < window.size(); i++) {
            if (window.get(i) instanceof FileRecord f && f.getOp() != FileOp.READ) {
                r.redo(f, window, i);
            }
        }
        Report report = new Report(window.size(), r.bytesRepaired, r.namespaceRepaired);
        LOG.log(System.Logger.Level.INFO, "recovery: {0} journal entries after the last checkpoint; repaired {1} file changes and {2} namespace changes",
            report.entries(), report.bytesRepaired(), report.namespaceRepaired());
        return report;
    }

    private static boolean changesNames(NamespaceOp op) {
        return switch (op) {
            case CREATE, MKDIR, RMDIR, REMOVE, RENAME -> true;
            default -> false;
        };
    }

    private void redo(FileRecord f, List<JournalEntry> window, int at) throws IOException {
        Place p = locate(f.getPath(), window, at);
        if (p == null || !p.area().isRegularFile(p.key(), NOFOLLOW)) {
            return; // removed later on without a copy, or never created: nothing to repair
        }
        try (FileChannel ch = p.area().open(p.key(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (f.getOp() == FileOp.WRITE) {
                byte[] want = payloads.newBytes(f);
                byte[] have = FileBytes.read(ch, f.getOffset(), want.length);
                if (!Arrays.equals(want, have) || ch.size() < f.getOffset() + want.length) {
                    ch.write(ByteBuffer.wrap(want), f.getOffset());
                    bytesRepaired++;
                }
            } else if (ch.size() != f.getNewSize()) {
                FileBytes.resize(ch, ch.size(), f.getNewSize());
                bytesRepaired++;
            }
            ch.force(true);
        }
    }

    /** Redoes the window's last namespace change if the disk shows it did not happen. */
    private void redo(NamespaceRecord n) throws IOException {
        String p = n.getPath();
        switch (n.getOp()) {
            case CREATE -> {
                if (!tree.exists(p, NOFOLLOW) && tree.isDirectory(TreePaths.parent(p))) {
                    tree.createFile(p);
                    namespaceRepaired++;
                }
            }
            case MKDIR -> {
                if (!tree.exists(p, NOFOLLOW) && tree.isDirectory(TreePaths.parent(p))) {
                    tree.createDirectory(p);
                    namespaceRepaired++;
                }
            }
            case RMDIR -> {
                if (tree.isDirectory(p, NOFOLLOW) && tree.isEmptyDirectory(p)) {
                    tree.delete(p);
                    namespaceRepaired++;
                }
            }
            case REMOVE -> {
                if (tree.isRegularFile(p, NOFOLLOW) && n.getTrashRef() != null
                    && !trash.exists(n.getTrashRef())) {
                    tree.moveTo(p, trash, n.getTrashRef());
                    namespaceRepaired++;
                }
            }
            case RENAME -> {
                String to = n.getPath2();
                if (tree.exists(p, NOFOLLOW) && !tree.exists(to, NOFOLLOW)) {
                    tree.move(p, to);
                    namespaceRepaired++;
                }
            }
            default -> {
                // opens, closes, sessions and checkpoints change nothing on disk
            }
        }
    }

    /**
     * Where the file that {@code window[at]} changed is now, every namespace change in the window having happened:
     * its name at that entry, carried through the renames after it, or its place in the trash if it was removed
     * after it; {@code null} if it was removed without a copy.
     */
    private Place locate(String path, List<JournalEntry> window, int at) {
        String current = path;
        for (int i = at + 1; i < window.size(); i++) {
            if (!(window.get(i) instanceof NamespaceRecord n)) {
                continue;
            }
            if (n.getOp() == NamespaceOp.RENAME) {
                String from = n.getPath();
                if (current.equals(from) || current.startsWith(from + "/")) {
                    current = n.getPath2() + current.substring(from.length());
                }
            } else if (n.getOp() == NamespaceOp.REMOVE && current.equals(n.getPath())) {
                return n.getTrashRef() == null ? null : new Place(trash, n.getTrashRef());
            }
        }
        return new Place(tree, current);
    }
}
