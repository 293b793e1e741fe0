package dev.cage.server;

import java.io.IOException;
import java.util.Arrays;

/**
 * A group member's undo steps: each is an ordinary change through the group's log (written by the session that asked
 * for the rollback), applied and journaled by every member, so all trees roll back alike. A step returns once this
 * member has applied it.
 */
final class ReplicatedUndo implements UndoSteps {
    /** Bytes of a restored file per change, well inside one log entry. */
    private static final int CHUNK = 1 << 20;

    private final Replication replication;
    private final Journaling journal;
    private final Session session;
    private int steps;

    ReplicatedUndo(Replication replication, Journaling journal, Session session) {
        this.replication = replication;
        this.journal = journal;
        this.session = session;
    }

    @Override
    public boolean replicated() {
        return true;
    }

    @Override
    public void write(String path, long offset, byte[] bytes) throws IOException {
        step(change(ReplicatedChange.Kind.WRITE, path).at(offset, bytes));
    }

    @Override
    public void truncate(String path, long size) throws IOException {
        if (journal.treeStorage().attributes(path, java.nio.file.LinkOption.NOFOLLOW_LINKS).size() != size) {
            step(change(ReplicatedChange.Kind.TRUNCATE, path).at(size, null));
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        step(change(ReplicatedChange.Kind.RENAME, from).to(to));
    }

    @Override
    public void remove(String path) throws IOException {
        step(change(ReplicatedChange.Kind.REMOVE, path).trash(journal.enabled() ? journal.newTrashRef() : null));
    }

    @Override
    public void rmdir(String path) throws IOException {
        step(change(ReplicatedChange.Kind.RMDIR, path));
    }

    @Override
    public void restore(String path, byte[] content) throws IOException {
        step(change(ReplicatedChange.Kind.CREATE, path));
        for (int at = 0; at < content.length; at += CHUNK) {
            step(change(ReplicatedChange.Kind.WRITE, path).at(at, Arrays.copyOfRange(content, at,
                Math.min(content.length, at + CHUNK))));
        }
    }

    @Override
    public void mkdir(String path) throws IOException {
        step(change(ReplicatedChange.Kind.MKDIR, path));
    }

    @Override
    public void finish() {
        // each step was committed by the group and applied here before it returned
    }

    @Override
    public int count() {
        return steps;
    }

    private ReplicatedChange change(ReplicatedChange.Kind kind, String path) {
        return ReplicatedChange.of(session, kind, path);
    }

    private void step(ReplicatedChange c) throws IOException {
        replication.replicate(c);
        steps++;
    }
}
