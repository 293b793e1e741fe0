package dev.cage.server;

import dev.cage.protocol.FileBusyException;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.server.journal.FileOp;
import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalEntry;
import dev.cage.server.journal.NamespaceOp;
import dev.cage.server.journal.NamespaceRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file's bytes as they were at an instant, rebuilt in memory: its bytes now, with every change journaled since
 * undone newest first, as a rollback would undo them on disk (nothing on disk changes). Only for a file that kept its
 * name since then: one renamed or removed since is refused (a rollback of a copy can show it).
 */
final class ReadAsOf {
    private static final int ATTEMPTS = 5;

    /** The file's bytes then, or {@code null} if it did not exist yet. */
    record Result(byte[] content) {
    }

    private final Journaling journal;
    private final Storage tree;

    ReadAsOf(Journaling journal) {
        this.journal = journal;
        this.tree = journal.treeStorage();
    }

    /**
     * @throws InvalidArgumentException if the file was renamed or removed since, or is larger than {@code maxBytes}
     * @throws FileBusyException        if it kept changing while it was read
     */
    Result read(String key, OffsetDateTime at, int maxBytes) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<JournalEntry> since = changesSince(key, at);
            byte[] now = current(key, maxBytes);
            if (seqs(since).equals(seqs(changesSince(key, at)))) { // no change slipped in while the bytes were read
                return undo(key, now, since, maxBytes);
            }
        }
        throw new FileBusyException("'" + key + "' kept changing while it was read; try again");
    }

    /** Entries about the file since {@code at}, newest first. */
    private List<JournalEntry> changesSince(String key, OffsetDateTime at) {
        List<JournalEntry> out = new ArrayList<>();
        journal.store().forEachSinceNewestFirst(at, e -> {
            boolean named = key.equals(e.getPath()) || (e instanceof NamespaceRecord n && key.equals(n.getPath2()));
            if (named && (e instanceof FileRecord || isNameChange((NamespaceRecord) e))) {
                out.add(e);
            }
        });
        return out;
    }

    private static boolean isNameChange(NamespaceRecord n) {
        return n.getOp() == NamespaceOp.CREATE || n.getOp() == NamespaceOp.REMOVE || n.getOp() == NamespaceOp.RENAME;
    }

    private static List<Long> seqs(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::getSeq).toList();
    }

    private byte[] current(String key, int maxBytes) throws IOException {
        if (!tree.isRegularFile(key, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (FileChannel ch = tree.open(key, StandardOpenOption.READ)) {
            if (ch.size() > maxBytes) {
                throw new InvalidArgumentException("'" + key + "' has " + ch.size() + " bytes, more than " + maxBytes);
            }
            ByteBuffer b = ByteBuffer.allocate((int) ch.size());
            while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                // read until full
            }
            return b.array();
        }
    }

    private Result undo(String key, byte[] now, List<JournalEntry> newestFirst, int maxBytes) throws IOException {
        boolean created = false;
        for (JournalEntry e : newestFirst) {
            if (e instanceof NamespaceRecord n && ok(n)) {
                if (n.getOp() != NamespaceOp.CREATE) {
                    throw new InvalidArgumentException("'" + key + "' was " + (n.getOp() == NamespaceOp.REMOVE ? "removed"
                        : "renamed") + " since then: roll back a copy to see it");
                }
                created = true;
            }
        }
        if (created) {
            return new Result(null); // created since (and never removed or renamed): it did not exist then
        }
        if (now == null) {
            throw new InvalidArgumentException("'" + key + "' is not a file now");
        }
        byte[] bytes = now;
        for (JournalEntry e : newestFirst) {
            if (e instanceof FileRecord f) {
                bytes = undo(f, bytes);
                if (bytes.length > maxBytes) {
                    throw new InvalidArgumentException("'" + key + "' had more than " + maxBytes + " bytes then");
                }
            }
        }
        return new Result(bytes);
    }

    private static boolean ok(NamespaceRecord n) {
        return n.getOutcome() == null || n.getOutcome().equals("OK");
    }

    /** One change undone, as {@link Rollback} undoes it on disk. */
    private byte[] undo(FileRecord f, byte[] bytes) throws IOException {
        byte[] old = journal.store().payloads().oldBytes(f);
        if (f.getOp() == FileOp.WRITE) {
            byte[] out = put(bytes, f.getOffset(), old);
            return f.getNewSize() > f.getOldSize() ? Arrays.copyOf(out, (int) f.getOldSize()) : out;
        }
        if (f.getNewSize() < f.getOldSize()) {
            byte[] back = put(bytes, f.getNewSize(), old); // the cut-off bytes come back
            return back.length < f.getOldSize() ? Arrays.copyOf(back, (int) f.getOldSize()) : back; // and their zeros
        }
        return Arrays.copyOf(bytes, (int) f.getOldSize());
    }

    private static byte[] put(byte[] bytes, long offset, byte[] data) {
        int end = (int) Math.max(bytes.length, offset + data.length);
        byte[] out = Arrays.copyOf(bytes, end);
        System.arraycopy(data, 0, out, (int) offset, data.length);
        return out;
    }
}
