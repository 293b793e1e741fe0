package dev.cage.server;

import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalEntry;
import dev.cage.server.journal.NamespaceOp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A standalone node's undo steps: each is journaled (its entries group-committed) and applied to the tree at once;
 * {@link #finish} waits until every entry is durable. The file the last steps worked on stays open between them.
 */
final class LocalUndo implements UndoSteps {
    private final Journaling journal;
    private final Storage tree;
    private final Storage trash;
    private final Session session;
    private final List<CompletableFuture<Long>> pending = new ArrayList<>();
    private int steps;
    private String openPath;
    private FileChannel openChannel;

    LocalUndo(Journaling journal, Session session) {
        this.journal = journal;
        this.tree = journal.treeStorage();
        this.trash = journal.trashStorage();
        this.session = session;
    }

    @Override
    public boolean replicated() {
        return false;
    }

    @Override
    public void write(String path, long offset, byte[] bytes) throws IOException {
        FileChannel ch = channel(path);
        long size = ch.size();
        byte[] current = FileBytes.overwritten(ch, offset, bytes.length, size);
        step(FileRecord.write(journal.now(), session.id(), path, offset, bytes, current, size, Math.max(size, offset + bytes.length)));
        ch.write(ByteBuffer.wrap(bytes), offset);
    }

    @Override
    public void truncate(String path, long size) throws IOException {
        FileChannel ch = channel(path);
        long current = ch.size();
        if (current == size) {
            return;
        }
        byte[] cut = size < current ? FileBytes.read(ch, size, (int) (current - size)) : new byte[0];
        step(FileRecord.truncate(journal.now(), session.id(), path, cut, current, size));
        FileBytes.resize(ch, current, size);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        closeChannel();
        step(journal.record(session, NamespaceOp.RENAME, from).path2(to));
        tree.move(from, to);
    }

    @Override
    public void remove(String path) throws IOException {
        closeChannel();
        String ref = journal.newTrashRef();
        step(journal.record(session, NamespaceOp.REMOVE, path).trashRef(ref));
        tree.moveTo(path, trash, ref);
    }

    @Override
    public void rmdir(String path) throws IOException {
        step(journal.record(session, NamespaceOp.RMDIR, path));
        tree.delete(path);
    }

    @Override
    public void restore(String path, byte[] content) throws IOException {
        closeChannel();
        step(journal.record(session, NamespaceOp.CREATE, path));
        if (content.length > 0) {
            step(FileRecord.write(journal.now(), session.id(), path, 0, content, new byte[0], 0, content.length));
        }
        tree.createFile(path);
        try (FileChannel ch = tree.open(path, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(content), 0);
        }
    }

    @Override
    public void mkdir(String path) throws IOException {
        step(journal.record(session, NamespaceOp.MKDIR, path));
        tree.createDirectory(path);
    }

    @Override
    public void finish() throws IOException {
        closeChannel();
        for (CompletableFuture<Long> f : pending) {
            f.join(); // every step durable before the caller hears "done"
        }
    }

    @Override
    public int count() {
        return steps;
    }

    private FileChannel channel(String key) throws IOException {
        if (!key.equals(openPath)) {
            closeChannel();
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

    private void step(JournalEntry e) {
        pending.add(journal.store().append(e));
        steps++;
    }
}
