package dev.cage.server;

import dev.cage.protocol.Status;
import dev.cage.server.group.RaftMember;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Copies another member's tree to a member that is behind the group's log, sending only what differs: the member
 * walks the other's directories, compares each file block by block (SHA-256 of each MiB) and fetches the blocks that
 * differ. Every step is an ordinary change applied through this member's journal (by {@link ChangeApplier}, as user
 * {@value #USER}), so the member's journal and tree stay in step. The member copied from holds its applying thread
 * meanwhile (see the group's {@code CopyHold}), so the copy is its tree as of one log entry, and the member copying
 * applies the log after that entry. A file keeps the other member's group-wide id and version ({@link GroupVersions}),
 * so clients' cached pages of it stay good here.
 */
final class TreeCopy implements RaftMember.Copier {
    private static final System.Logger LOG = System.getLogger(TreeCopy.class.getName());
    static final String USER = "group-copy";
    static final int BLOCK = 1 << 20;
    private static final byte LIST = 2;
    private static final byte DIGEST = 3;
    private static final byte READ = 4;
    private static final byte PREPARED = 5;
    private static final byte FILE = 0;
    private static final byte DIRECTORY = 1;

    /** What the last copy did: files compared, bytes fetched of the bytes the source's files hold. */
    record Report(long files, long bytesFetched, long bytesTotal) {
    }

    private final Storage tree;
    private final Journaling journal;
    private final ChangeApplier changes;
    private final TxLocks locks;
    private final GroupVersions versions;
    private final FileTable table;
    private volatile Report last;
    private long files;
    private long fetched;
    private long total;

    TreeCopy(Storage tree, Journaling journal, ChangeApplier changes, TxLocks locks, GroupVersions versions,
             FileTable table) {
        this.versions = versions;
        this.table = table;
        this.locks = locks;
        this.tree = tree;
        this.journal = journal;
        this.changes = changes;
    }

    Report lastReport() {
        return last;
    }

    // ---- at the member copied from

    @Override
    public byte[] answer(byte[] query) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(query));
        byte kind = in.readByte();
        String key = in.readUTF();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        switch (kind) {
            case LIST -> list(key, out);
            case DIGEST -> {
                long[] size = {-1};
                List<byte[]> blocks = tree.isRegularFile(key, LinkOption.NOFOLLOW_LINKS) ? digest(key, size) : List.of();
                out.writeLong(size[0]);
                out.writeInt(blocks.size());
                for (byte[] b : blocks) {
                    out.write(b);
                }
                if (size[0] >= 0) {
                    out.writeLong(versions.markedId(key));
                    out.writeLong(tree.attributes(key, LinkOption.NOFOLLOW_LINKS).lastModifiedTime().to(TimeUnit.NANOSECONDS));
                }
            }
            case PREPARED -> out.writeInt(locks.preparedCount());
            case READ -> {
                long offset = in.readLong();
                int length = Math.min(in.readInt(), BLOCK);
                return read(key, offset, length);
            }
            default -> throw new IOException("unknown tree copy question " + kind);
        }
        out.flush();
        return bytes.toByteArray();
    }

    private void list(String key, DataOutputStream out) throws IOException {
        List<String> names = tree.isDirectory(key, LinkOption.NOFOLLOW_LINKS) ? tree.list(key) : List.of();
        List<String> kept = new ArrayList<>();
        List<Byte> types = new ArrayList<>();
        for (String name : names) {
            String child = child(key, name);
            if (tree.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                kept.add(name);
                types.add(DIRECTORY);
            } else if (tree.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                kept.add(name);
                types.add(FILE);
            } // anything else (a link) is not part of the tree a member serves
        }
        out.writeInt(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            out.writeByte(types.get(i));
            out.writeUTF(kept.get(i));
        }
    }

    private byte[] read(String key, long offset, int length) throws IOException {
        if (!tree.isRegularFile(key, LinkOption.NOFOLLOW_LINKS)) {
            return new byte[0];
        }
        try (FileChannel ch = tree.open(key, StandardOpenOption.READ)) {
            return FileBytes.overwritten(ch, offset, length, ch.size()); // up to the block or the file's end
        }
    }

    /** The SHA-256 of each block of a file, and (in {@code size[0]}) its size. */
    private List<byte[]> digest(String key, long[] size) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (FileChannel ch = tree.open(key, StandardOpenOption.READ)) {
            size[0] = ch.size();
            ByteBuffer b = ByteBuffer.allocate(BLOCK);
            for (long at = 0; at < size[0]; at += BLOCK) {
                b.clear();
                while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
                    // fill the block
                }
                out.add(sha256(b.array(), b.position()));
            }
        }
        return out;
    }

    // ---- at the member behind

    @Override
    public void copyFrom(RaftMember.Source source) throws IOException {
        // A prepared branch lives in the source's journal and would not come along; its commit, later in the log,
        // would then be refused here. So a copy waits until no branch is prepared there.
        int prepared = new DataInputStream(new ByteArrayInputStream(source.ask(question(PREPARED, "")))).readInt();
        if (prepared > 0) {
            throw new IOException("the member copied from has " + prepared + " prepared transaction branch(es);"
                + " copying once they are committed or rolled back");
        }
        files = 0;
        fetched = 0;
        total = 0;
        sync("", source);
        last = new Report(files, fetched, total);
        LOG.log(System.Logger.Level.INFO, "tree copy: {0} files compared, {1} of their {2} bytes fetched", files,
            fetched, total);
    }

    private void sync(String dir, RaftMember.Source source) throws IOException {
        Map<String, Byte> theirs = listAt(source, dir);
        for (String name : tree.list(dir)) {
            String child = child(dir, name);
            Byte type = theirs.get(name);
            boolean isDir = tree.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            if (type == null || (type == DIRECTORY) != isDir) {
                removeHere(child);
            }
        }
        for (Map.Entry<String, Byte> e : theirs.entrySet()) {
            String child = child(dir, e.getKey());
            if (e.getValue() == DIRECTORY) {
                if (!tree.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    apply(ReplicatedChange.Kind.MKDIR, child, 0, null, null);
                }
                sync(child, source);
            } else {
                syncFile(child, source);
            }
        }
    }

    private void syncFile(String key, RaftMember.Source source) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(source.ask(question(DIGEST, key))));
        long size = in.readLong();
        if (size < 0) {
            return; // cannot happen while the source holds; a file gone is simply not copied
        }
        int n = in.readInt();
        byte[][] theirs = new byte[n][];
        for (int i = 0; i < n; i++) {
            theirs[i] = in.readNBytes(32);
        }
        boolean marked = in.available() >= 2 * Long.BYTES; // a member of an earlier version sends no mark
        long mark = marked ? in.readLong() : 0;
        long modified = marked ? in.readLong() : 0;
        files++;
        total += size;
        if (!tree.exists(key, LinkOption.NOFOLLOW_LINKS)) {
            apply(ReplicatedChange.Kind.CREATE, key, 0, null, null);
        }
        long[] mySize = {0};
        List<byte[]> mine = digest(key, mySize);
        for (int i = 0; i < n; i++) {
            byte[] hash = theirs[i];
            if (i < mine.size() && Arrays.equals(hash, mine.get(i))) {
                continue;
            }
            long offset = (long) i * BLOCK;
            ByteArrayOutputStream q = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(q);
            out.write(question(READ, key));
            out.writeLong(offset);
            out.writeInt((int) Math.min(BLOCK, size - offset));
            byte[] bytes = source.ask(q.toByteArray());
            fetched += bytes.length;
            apply(ReplicatedChange.Kind.WRITE, key, offset, bytes, null);
        }
        if (tree.attributes(key, LinkOption.NOFOLLOW_LINKS).size() != size) {
            apply(ReplicatedChange.Kind.TRUNCATE, key, size, null, null);
        }
        if (mark != 0) {
            table.adoptCopy(key, mark, modified);
        }
    }

    private void removeHere(String key) throws IOException {
        if (tree.isDirectory(key, LinkOption.NOFOLLOW_LINKS)) {
            for (String name : tree.list(key)) {
                removeHere(child(key, name));
            }
            apply(ReplicatedChange.Kind.RMDIR, key, 0, null, null);
        } else {
            apply(ReplicatedChange.Kind.REMOVE, key, 0, null, journal.enabled() ? journal.newTrashRef() : null);
        }
    }

    private static Map<String, Byte> listAt(RaftMember.Source source, String dir) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(source.ask(question(LIST, dir))));
        int n = in.readInt();
        Map<String, Byte> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byte type = in.readByte();
            out.put(in.readUTF(), type);
        }
        return out;
    }

    private void apply(ReplicatedChange.Kind kind, String key, long position, byte[] data, String trashRef)
        throws IOException {
        ReplicatedChange c = new ReplicatedChange(kind, 0, USER, "group", key, null, position, data, trashRef, 0);
        ChangeAnswer answer = ChangeAnswer.decode(changes.apply(c.encode()));
        if (answer.status() != Status.OK) {
            throw new IOException("copying another member's tree: " + kind + " of '" + key + "' was refused: "
                + answer.message());
        }
    }

    private static byte[] question(byte kind, String key) throws IOException {
        ByteArrayOutputStream q = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(q);
        out.writeByte(kind);
        out.writeUTF(key);
        out.flush();
        return q.toByteArray();
    }

    private static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
