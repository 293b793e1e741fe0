package dev.cage.server;

import dev.cage.protocol.CageFileExistsException;
import dev.cage.protocol.CageFileNotFoundException;
import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.FileType;
import dev.cage.protocol.Frame;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.InvalidPathException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.server.journal.NamespaceOp;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.ReadOnlyChannelException;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import dev.cage.protocol.WrongFileTypeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The file operations of the data port. Each method reads its request fields, does the operation and
 * returns the reply frame; failures are thrown and turned into error replies by {@link ErrorMapping}.
 * Namespace operations run one at a time on the node's namespace lane; reads and writes run on their
 * file's lane (see {@link DataHandler}), so this class holds no locks of its own.
 */
final class FileService {
    private final RootJail jail;
    private final FileTable table;
    private final int maxData;

    private final Journaling journal;

    private final JournalService journalService;

    private final TxLocks locks;
    private final NodeCounters counters;

    FileService(RootJail jail, FileTable table, int maxFrameSize, Journaling journal, TxLocks locks, NodeCounters counters) {
        this.locks = locks;
        this.journal = journal;
        this.counters = counters;
        this.journalService = new JournalService(journal, table, jail, maxFrameSize);
        this.jail = jail;
        this.table = table;
        this.maxData = maxFrameSize - Protocol.DATA_OVERHEAD;
    }

    /** Operations that name a path. */
    Frame namespace(Session s, Frame req, ByteBufAllocator alloc) throws IOException {
        ByteBuf in = req.body();
        int id = req.requestId();
        switch (req.opcode()) {
            case CREATE, MKDIR -> {
                String path = Wire.readString(in);
                Path p = resolve(path, in);
                String key = jail.key(path);
                boolean dir = req.opcode() == Opcode.MKDIR;
                requireCreatable(key, p);
                try (Journaling.Change c = journal.begin()) {
                    journal.namespace(s, dir ? NamespaceOp.MKDIR : NamespaceOp.CREATE, key, null, null);
                    if (dir) {
                        Files.createDirectory(p);
                    } else {
                        Files.createFile(p);
                    }
                    journal.touched(p.getParent());
                }
                return Responses.ok(alloc, id, 0);
            }
            case REMOVE -> {
                String path = Wire.readString(in);
                Wire.end(in);
                String key = nonRootKey(path, "remove");
                Path p = jail.resolveKey(key, path);
                locks.requireUnlocked(key, "remove");
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new WrongFileTypeException(Status.IS_A_DIRECTORY, "'" + key + "' is a directory; use rmdir");
                }
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CageFileNotFoundException("no such file or directory: '" + key + "'");
                }
                String trashRef = journal.enabled() ? journal.newTrashRef() : null;
                try (Journaling.Change c = journal.begin()) {
                    table.remove(key, p, () -> journal.namespace(s, NamespaceOp.REMOVE, key, null, trashRef),
                        trashRef == null ? null : journal.trash().resolve(trashRef));
                    journal.touched(p.getParent());
                }
                return Responses.ok(alloc, id, 0);
            }
            case RMDIR -> {
                String path = Wire.readString(in);
                Wire.end(in);
                String key = nonRootKey(path, "remove");
                Path p = jail.resolveKey(key, path);
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                        ? new WrongFileTypeException(Status.NOT_A_DIRECTORY, "'" + key + "' is not a directory")
                        : new CageFileNotFoundException("no such file or directory: '" + key + "'");
                }
                if (!TreePaths.isEmpty(p)) {
                    throw new WrongFileTypeException(Status.DIRECTORY_NOT_EMPTY, "directory not empty: '" + key + "'");
                }
                try (Journaling.Change c = journal.begin()) {
                    table.remove(key, p, () -> journal.namespace(s, NamespaceOp.RMDIR, key, null, null), null);
                    journal.touched(p.getParent());
                }
                return Responses.ok(alloc, id, 0);
            }
            case RENAME -> {
                String from = Wire.readString(in);
                String to = Wire.readString(in);
                Wire.end(in);
                String fromKey = nonRootKey(from, "rename");
                String toKey = nonRootKey(to, "rename onto");
                Path src = jail.resolveKey(fromKey, from);
                Path dst = jail.resolveKey(toKey, to);
                if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CageFileNotFoundException("no such file or directory: '" + fromKey + "'");
                }
                if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CageFileExistsException("cannot rename '" + fromKey + "' to '" + toKey + "': target exists");
                }
                locks.requireNothingLockedUnder(fromKey, "rename");
                if (toKey.startsWith(fromKey + "/")) {
                    throw new InvalidArgumentException("cannot move '" + fromKey + "' into itself");
                }
                try (Journaling.Change c = journal.begin()) {
                    table.rename(fromKey, src, toKey, dst, () -> journal.namespace(s, NamespaceOp.RENAME, fromKey, toKey, null));
                    journal.moved(src, dst);
                    journal.touched(src.getParent());
                    journal.touched(dst.getParent());
                }
                return Responses.ok(alloc, id, 0);
            }
            case STAT -> {
                String path = Wire.readString(in);
                Wire.end(in);
                String key = jail.key(path);
                Frame reply = Responses.ok(alloc, id, 64);
                info(key, jail.resolveKey(key, path)).writeTo(reply.body());
                return reply;
            }
            case LIST -> {
                String path = Wire.readString(in);
                Wire.end(in);
                String key = jail.key(path);
                Path dir = jail.resolveKey(key, path);
                if (!Files.isDirectory(dir)) {
                    throw Files.exists(dir)
                        ? new WrongFileTypeException(Status.NOT_A_DIRECTORY, "'" + key + "' is not a directory")
                        : new CageFileNotFoundException("no such file or directory: '" + key + "'");
                }
                return list(key, dir, id, alloc);
            }
            case OPEN -> {
                String path = Wire.readString(in);
                OpenMode mode = OpenMode.of(Wire.readUnsignedByte(in));
                boolean create = Wire.readUnsignedByte(in) != 0;
                Wire.end(in);
                String key = nonRootKey(path, "open");
                Path p = jail.resolveKey(key, path);
                boolean exists = Files.exists(p);
                if (!create && !exists) {
                    throw new CageFileNotFoundException("no such file: '" + key + "'");
                }
                OpenFile f;
                if (!exists) {
                    requireCreatable(key, p);
                    try (Journaling.Change c = journal.begin()) {
                        journal.namespace(s, NamespaceOp.CREATE, key, null, null);
                        f = table.open(s, key, p, mode, true);
                        journal.touched(p.getParent());
                    }
                } else {
                    f = table.open(s, key, p, mode, false);
                }
                s.files().put(f.handle(), f);
                journal.note(s, NamespaceOp.OPEN, key, mode.name());
                Frame reply = Responses.ok(alloc, id, 32);
                reply.body().writeLong(f.handle()).writeLong(f.channel().size()).writeLong(f.file().version())
                    .writeLong(f.file().fileId());
                return reply;
            }
            case JOURNAL_QUERY, JOURNAL_ROLLBACK, JOURNAL_STATS -> {
                return journalService.handle(s, req, alloc);
            }
            default -> throw new ProtocolException(Status.UNEXPECTED_MESSAGE, req.opcode() + " is not a data-port request");
        }
    }

    /** A reply, and the change other openers must hear of before it is sent ({@code null} if none). */
    record Reply(Frame frame, Change change) {
        static Reply of(Frame f) {
            return new Reply(f, null);
        }
    }

    /** Operations on an open file; they run on that file's lane. */
    Reply onFile(Session s, OpenFile f, Frame req, ByteBufAllocator alloc) throws IOException {
        ByteBuf in = req.body();
        in.skipBytes(Long.BYTES); // the handle, already looked up
        int id = req.requestId();
        FileChannel ch = f.channel();
        switch (req.opcode()) {
            case READ -> {
                long offset = Wire.readLong(in);
                int length = Wire.readInt(in);
                Wire.end(in);
                checkOffset(offset);
                if (length < 0 || length > maxData) {
                    throw new InvalidArgumentException("read length " + length + " is outside 0.." + maxData);
                }
                Frame reply = Responses.ok(alloc, id, 8 + length);
                ByteBuf out = reply.body();
                out.writeLong(f.file().version());
                int start = out.writerIndex();
                try {
                    long pos = offset;
                    int left = length;
                    while (left > 0) {
                        int n = out.writeBytes(ch, pos, left);
                        if (n <= 0) {
                            break;
                        }
                        pos += n;
                        left -= n;
                    }
                } catch (IOException | RuntimeException e) {
                    reply.release();
                    throw e;
                }
                journal.noteRead(s, f.file().key(), offset, length, ch.size());
                counters.read(out.writerIndex() - start);
                return Reply.of(reply);
            }
            case WRITE -> {
                long offset = Wire.readLong(in);
                checkOffset(offset);
                requireWritable(f);
                locks.requireUnlocked(f.file().key(), "write");
                int length = in.readableBytes();
                if (offset > Long.MAX_VALUE - length) {
                    throw new InvalidArgumentException("write at " + offset + " of " + length + " bytes passes the largest file size");
                }
                long before = ch.size();
                long version;
                long size;
                try (Journaling.Change c = journal.begin()) {
                    if (journal.enabled()) {
                        byte[] newBytes = new byte[length];
                        in.getBytes(in.readerIndex(), newBytes);
                        byte[] old = FileBytes.overwritten(ch, offset, length, before);
                        journal.write(s, f.file().key(), offset, newBytes, old, before, Math.max(before, offset + length));
                    }
                    long pos = offset;
                    while (in.isReadable()) {
                        pos += in.readBytes(ch, pos, in.readableBytes());
                    }
                    version = f.file().bump();
                    size = ch.size();
                    journal.touched(f.file().path());
                }
                counters.wrote(length);
                Frame reply = Responses.ok(alloc, id, 16);
                reply.body().writeLong(size).writeLong(version);
                // Bytes between the old end and the write's start changed too (they became zeros).
                long from = Math.min(offset, before);
                return new Reply(reply, new Change(f.file(), from, offset + length - from, version, size));
            }
            case TRUNCATE -> {
                long size = Wire.readLong(in);
                Wire.end(in);
                if (size < 0) {
                    throw new InvalidArgumentException("negative size " + size);
                }
                requireWritable(f);
                locks.requireUnlocked(f.file().key(), "truncate");
                long current = ch.size();
                if (size != current) {
                    try (Journaling.Change c = journal.begin()) {
                        if (journal.enabled()) {
                            byte[] cut = size < current ? FileBytes.read(ch, size, (int) Math.min(Integer.MAX_VALUE - 16, current - size)) : new byte[0];
                            journal.truncate(s, f.file().key(), cut, current, size);
                        }
                        FileBytes.resize(ch, current, size);
                        journal.touched(f.file().path());
                    }
                }
                if (size == current) {
                    Frame reply = Responses.ok(alloc, id, 8);
                    reply.body().writeLong(f.file().version());
                    return Reply.of(reply);
                }
                long version = f.file().bump();
                Frame reply = Responses.ok(alloc, id, 8);
                reply.body().writeLong(version);
                long from = Math.min(size, current);
                return new Reply(reply, new Change(f.file(), from, Math.max(size, current) - from, version, size));
            }
            case SYNC -> {
                Wire.end(in);
                ch.force(true);
                return Reply.of(Responses.ok(alloc, id, 0));
            }
            case FSTAT -> {
                Wire.end(in);
                Frame reply = Responses.ok(alloc, id, 64);
                info(f.file().key(), f.file().path()).writeTo(reply.body());
                return Reply.of(reply);
            }
            case CHECKSUMS -> {
                int pageSize = Wire.readInt(in);
                int count = Wire.readInt(in);
                if (pageSize <= 0 || pageSize > (64 << 20) || count < 0 || count > in.readableBytes() / Long.BYTES) {
                    throw new InvalidArgumentException("checksums of " + count + " pages of " + pageSize + " bytes: out of range");
                }
                Frame reply = Responses.ok(alloc, id, count * 20);
                try {
                    PageDigests.write(ch, pageSize, in, count, reply.body());
                    Wire.end(in);
                } catch (IOException | RuntimeException e) {
                    reply.release();
                    throw e;
                }
                return Reply.of(reply);
            }
            case CLOSE -> {
                Wire.end(in);
                if (s.files().remove(f.handle()) == null) {
                    throw new ChannelClosedException("channel " + f.handle() + " is already closed");
                }
                table.release(f);
                journal.note(s, NamespaceOp.CLOSE, f.file().key(), null);
                return Reply.of(Responses.ok(alloc, id, 0));
            }
            default -> throw new ProtocolException(Status.UNEXPECTED_MESSAGE, req.opcode() + " does not take a handle");
        }
    }

    private Frame list(String key, Path dir, int id, ByteBufAllocator alloc) throws IOException {
        List<FileInfo> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                String childKey = key.isEmpty() ? child.getFileName().toString() : key + "/" + child.getFileName();
                entries.add(entryInfo(childKey, child));
            }
        }
        entries.sort(java.util.Comparator.comparing(FileInfo::name));
        Frame reply = Responses.ok(alloc, id, 64 * entries.size() + 4);
        reply.body().writeInt(entries.size());
        for (FileInfo e : entries) {
            e.writeTo(reply.body());
        }
        return reply;
    }

    /** A listed entry; a symbolic link that leads outside the root shows as OTHER, revealing nothing of its target. */
    private FileInfo entryInfo(String key, Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            try {
                jail.resolveKey(key, key);
            } catch (InvalidPathException outside) {
                return new FileInfo(p.getFileName().toString(), FileType.OTHER, 0, java.time.Instant.EPOCH,
                    java.time.Instant.EPOCH, 0);
            }
        }
        return info(key, p);
    }

    private FileInfo info(String key, Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        FileType type = a.isRegularFile() ? FileType.FILE : a.isDirectory() ? FileType.DIRECTORY : FileType.OTHER;
        long version = type == FileType.FILE ? table.version(key, p) : 0;
        String name = key.isEmpty() ? "" : key.substring(key.lastIndexOf('/') + 1);
        return new FileInfo(name, type, type == FileType.FILE ? a.size() : 0, a.creationTime().toInstant(),
            a.lastModifiedTime().toInstant(), version);
    }

    private Path resolve(String path, ByteBuf in) throws IOException {
        Wire.end(in);
        String key = nonRootKey(path, "create");
        return jail.resolveKey(key, path);
    }

    private static void requireCreatable(String key, Path p) throws IOException {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new CageFileExistsException("already exists: '" + key + "'");
        }
        if (!Files.isDirectory(p.getParent())) {
            throw new CageFileNotFoundException("no such directory: '" + (key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : "") + "'");
        }
    }

    private String nonRootKey(String path, String action) throws InvalidPathException {
        String key = jail.key(path);
        if (key.isEmpty()) {
            throw new InvalidPathException("cannot " + action + " the root directory");
        }
        return key;
    }

    private static void checkOffset(long offset) throws InvalidArgumentException {
        if (offset < 0) {
            throw new InvalidArgumentException("negative offset " + offset);
        }
    }

    private static void requireWritable(OpenFile f) throws ReadOnlyChannelException {
        if (!f.mode().writable()) {
            throw new ReadOnlyChannelException("channel on '" + f.file().key() + "' was opened " + f.mode()
                + " and cannot write");
        }
    }
}
