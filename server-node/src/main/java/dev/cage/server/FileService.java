package dev.cage.server;

import dev.cage.protocol.CageException;
import dev.cage.protocol.CageFileExistsException;
import dev.cage.protocol.CageFileNotFoundException;
import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.FileType;
import dev.cage.protocol.Frame;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.LimitReachedException;
import dev.cage.protocol.InvalidPathException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.ReadOnlyChannelException;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Status;
import dev.cage.protocol.WrongFileTypeException;
import dev.cage.protocol.message.ChecksumsRequest;
import dev.cage.protocol.message.HandleRequest;
import dev.cage.protocol.message.ListPageReply;
import dev.cage.protocol.message.ListPageRequest;
import dev.cage.protocol.message.ListReply;
import dev.cage.protocol.message.Message;
import dev.cage.protocol.message.OpenReply;
import dev.cage.protocol.message.OpenRequest;
import dev.cage.protocol.message.PathRequest;
import dev.cage.protocol.message.ReadReply;
import dev.cage.protocol.message.ReadRequest;
import dev.cage.protocol.message.RenameRequest;
import dev.cage.protocol.message.Replies;
import dev.cage.protocol.message.SpaceReply;
import dev.cage.protocol.message.StatReply;
import dev.cage.protocol.message.TruncateReply;
import dev.cage.protocol.message.TruncateRequest;
import dev.cage.protocol.message.WriteReply;
import dev.cage.protocol.message.WriteRequest;
import dev.cage.server.journal.NamespaceOp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The file operations of the data port. {@link #namespace} and {@link #onFile} decode a request into its type and
 * hand it to the one method of that operation, which checks it, journals it, does it and returns the reply frame;
 * failures are thrown and turned into error replies by {@link ErrorMapping}. Namespace operations run one at a time
 * on the node's namespace lane; reads and writes run on their file's lane (see {@link DataHandler}), so this class
 * holds no locks of its own.
 */
final class FileService {
    /** Every look at or change of the disk goes through here; {@link #jail} only turns request paths into keys. */
    private final Storage tree;
    private final RootJail jail;
    private final FileTable table;
    private final int maxData;
    private final Journaling journal;
    private final JournalService journalService;
    private final TxLocks locks;
    private final NodeCounters counters;
    private final NodeLimits limits;
    private final int channelsPerSession;
    private final int openChannels;
    /** Where changes go when the node is a member of a replicated group; {@code null} for a standalone node. */
    private volatile Replication replication;

    FileService(Storage tree, RootJail jail, FileTable table, int maxFrameSize, Journaling journal, TxLocks locks,
                NodeCounters counters, NodeLimits limits) {
        this.tree = tree;
        this.limits = limits;
        this.channelsPerSession = limits.channelsPerSession();
        this.openChannels = limits.openChannelsOrDerived();
        this.locks = locks;
        this.journal = journal;
        this.counters = counters;
        this.journalService = new JournalService(journal, table, jail, maxFrameSize, () -> replication);
        this.jail = jail;
        this.table = table;
        this.maxData = maxFrameSize - Protocol.DATA_OVERHEAD;
    }

    /** Makes this node a group member: from now on every change of bytes or names goes through the group's log. */
    void replicateThrough(Replication r) {
        this.replication = r;
    }

    /** Where a reply goes: the request's id, and the allocator of its connection. */
    private record Answer(int requestId, ByteBufAllocator alloc) {
        Frame empty() {
            return Responses.ok(alloc, requestId, 0);
        }

        Frame with(int capacity, Message result) {
            return Replies.ok(alloc, requestId, capacity, result);
        }
    }

    /** Operations that name a path. */
    Frame namespace(Session s, Frame req, ByteBufAllocator alloc) throws IOException {
        ByteBuf in = req.body();
        Opcode op = req.opcode();
        Answer answer = new Answer(req.requestId(), alloc);
        return switch (op) {
            case CREATE, MKDIR -> create(s, PathRequest.decode(op, in), answer);
            case REMOVE -> remove(s, PathRequest.decode(op, in), answer);
            case RMDIR -> rmdir(s, PathRequest.decode(op, in), answer);
            case RENAME -> rename(s, RenameRequest.decode(in), answer);
            case STAT -> stat(PathRequest.decode(op, linearized(in)), answer);
            case LIST -> list(PathRequest.decode(op, linearized(in)), answer);
            case LIST_PAGE -> listPage(ListPageRequest.decode(linearized(in)), answer);
            case STATFS -> space(PathRequest.decode(op, linearized(in)), answer);
            case OPEN -> open(s, OpenRequest.decode(linearized(in)), answer);
            case JOURNAL_QUERY, JOURNAL_ROLLBACK, JOURNAL_STATS, JOURNAL_READ_AS_OF, JOURNAL_BRANCH -> {
                linearized(in);
                yield journalService.handle(s, req, alloc);
            }
            default -> throw new ProtocolException(Status.UNEXPECTED_MESSAGE, op + " is not a data-port request");
        };
    }

    /**
     * A reply; the change other openers must hear of before it is sent ({@code null} if none); and whether it shows
     * the file as it is now (its bytes, size or version), so that it must not be sent while a change to the file is
     * still {@linkplain PendingChanges pending}.
     */
    record Reply(Frame frame, Change change, boolean showsFile) {
        static Reply of(Frame f) {
            return new Reply(f, null, false);
        }

        /** A reply to a change; it carries the new version, so it too waits for other pending changes. */
        static Reply of(Frame f, Change change) {
            return new Reply(f, change, true);
        }

        static Reply showing(Frame f) {
            return new Reply(f, null, true);
        }
    }

    /**
     * In a replicated group, waits before a read until this member knows it still leads and has applied every
     * change acknowledged before the read arrived (so no member that lost the lead answers with old bytes); returns
     * the request body unchanged. A standalone node returns at once.
     */
    private ByteBuf linearized(ByteBuf body) throws CageException {
        Replication r = replication;
        if (r != null) {
            r.awaitReadable();
        }
        return body;
    }

    /** Operations on an open file ({@code f}, already looked up by the handle); they run on that file's lane. */
    Reply onFile(Session s, OpenFile f, Frame req, ByteBufAllocator alloc) throws IOException {
        ByteBuf in = req.body();
        Opcode op = req.opcode();
        Answer answer = new Answer(req.requestId(), alloc);
        return switch (op) {
            case READ -> read(s, f, ReadRequest.decode(linearized(in)), answer);
            case WRITE -> write(s, f, WriteRequest.decode(in), answer);
            case TRUNCATE -> truncate(s, f, TruncateRequest.decode(in), answer);
            case SYNC -> sync(f, HandleRequest.decode(op, in), answer);
            case FSTAT -> fstat(f, HandleRequest.decode(op, linearized(in)), answer);
            case CHECKSUMS -> checksums(f, ChecksumsRequest.decode(linearized(in)), answer);
            case CLOSE -> close(s, f, HandleRequest.decode(op, in), answer);
            default -> throw new ProtocolException(Status.UNEXPECTED_MESSAGE, op + " does not take a handle");
        };
    }

    // ---- namespace ----

    /** CREATE and MKDIR. */
    private Frame create(Session s, PathRequest req, Answer answer) throws IOException {
        String key = nonRootKey(req.path(), "create");
        jail.resolveKey(key, req.path());
        boolean dir = req.opcode() == Opcode.MKDIR;
        if (replication != null) {
            replication.replicate(ReplicatedChange.of(s, dir ? ReplicatedChange.Kind.MKDIR : ReplicatedChange.Kind.CREATE, key));
        } else {
            applyCreate(s, key, dir);
        }
        return answer.empty();
    }

    /** Creates a file or directory (a node's own request, or a change of its group's log). */
    void applyCreate(Session s, String key, boolean dir) throws IOException {
        Path p = jail.resolveKey(key, key);
        requireCreatable(key);
        try (Journaling.Change c = journal.begin()) {
            journal.namespace(s, dir ? NamespaceOp.MKDIR : NamespaceOp.CREATE, key, null, null);
            if (dir) {
                tree.createDirectory(key);
            } else {
                tree.createFile(key);
            }
            journal.touched(p.getParent());
        }
    }

    private Frame remove(Session s, PathRequest req, Answer answer) throws IOException {
        String key = nonRootKey(req.path(), "remove");
        jail.resolveKey(key, req.path());
        if (replication != null) {
            table.requireNotOpen(key, "remove"); // here, at the leader: the members apply it whatever is open there
            String trashRef = journal.enabled() ? journal.newTrashRef() : null;
            replication.replicate(ReplicatedChange.of(s, ReplicatedChange.Kind.REMOVE, key).trash(trashRef));
        } else {
            applyRemove(s, key, journal.enabled() ? journal.newTrashRef() : null);
        }
        return answer.empty();
    }

    /** Removes a file, keeping it as {@code trashRef} for the journal ({@code null} without one). */
    void applyRemove(Session s, String key, String trashRef) throws IOException {
        Path p = jail.resolveKey(key, key);
        locks.requireUnlocked(key, "remove");
        if (tree.isDirectory(key, LinkOption.NOFOLLOW_LINKS)) {
            throw new WrongFileTypeException(Status.IS_A_DIRECTORY, "'" + key + "' is a directory; use rmdir");
        }
        if (!tree.exists(key, LinkOption.NOFOLLOW_LINKS)) {
            throw new CageFileNotFoundException("no such file or directory: '" + key + "'");
        }
        try (Journaling.Change c = journal.begin()) {
            table.remove(key, p, () -> journal.namespace(s, NamespaceOp.REMOVE, key, null, trashRef),
                trashRef == null ? null : journal.trash().resolve(trashRef));
            journal.touched(p.getParent());
        }
    }

    private Frame rmdir(Session s, PathRequest req, Answer answer) throws IOException {
        String key = nonRootKey(req.path(), "remove");
        jail.resolveKey(key, req.path());
        if (replication != null) {
            table.requireNotOpen(key, "remove");
            replication.replicate(ReplicatedChange.of(s, ReplicatedChange.Kind.RMDIR, key));
        } else {
            applyRmdir(s, key);
        }
        return answer.empty();
    }

    void applyRmdir(Session s, String key) throws IOException {
        Path p = jail.resolveKey(key, key);
        if (!tree.isDirectory(key, LinkOption.NOFOLLOW_LINKS)) {
            throw tree.exists(key, LinkOption.NOFOLLOW_LINKS)
                ? new WrongFileTypeException(Status.NOT_A_DIRECTORY, "'" + key + "' is not a directory")
                : new CageFileNotFoundException("no such file or directory: '" + key + "'");
        }
        if (!tree.isEmptyDirectory(key)) {
            throw new WrongFileTypeException(Status.DIRECTORY_NOT_EMPTY, "directory not empty: '" + key + "'");
        }
        try (Journaling.Change c = journal.begin()) {
            table.remove(key, p, () -> journal.namespace(s, NamespaceOp.RMDIR, key, null, null), null);
            journal.touched(p.getParent());
        }
    }

    private Frame rename(Session s, RenameRequest req, Answer answer) throws IOException {
        String fromKey = nonRootKey(req.from(), "rename");
        String toKey = nonRootKey(req.to(), "rename onto");
        jail.resolveKey(fromKey, req.from());
        jail.resolveKey(toKey, req.to());
        if (replication != null) {
            table.requireRenamable(fromKey, toKey);
            replication.replicate(ReplicatedChange.of(s, ReplicatedChange.Kind.RENAME, fromKey).to(toKey));
        } else {
            applyRename(s, fromKey, toKey);
        }
        return answer.empty();
    }

    void applyRename(Session s, String fromKey, String toKey) throws IOException {
        Path src = jail.resolveKey(fromKey, fromKey);
        Path dst = jail.resolveKey(toKey, toKey);
        if (!tree.exists(fromKey, LinkOption.NOFOLLOW_LINKS)) {
            throw new CageFileNotFoundException("no such file or directory: '" + fromKey + "'");
        }
        if (tree.exists(toKey, LinkOption.NOFOLLOW_LINKS)) {
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
    }

    private Frame stat(PathRequest req, Answer answer) throws IOException {
        String key = jail.key(req.path());
        return answer.with(64, new StatReply(info(key, jail.resolveKey(key, req.path()))));
    }

    /** The space of the disk the path lies on (as {@code df} shows it). */
    private Frame space(PathRequest req, Answer answer) throws IOException {
        return answer.with(24, new SpaceReply(tree.space(jail.key(req.path()))));
    }

    private Frame list(PathRequest req, Answer answer) throws IOException {
        String key = requireDirectory(req.path());
        List<FileInfo> entries = new ArrayList<>();
        long bytes = Integer.BYTES;
        for (String name : tree.list(key)) {
            bytes += entryBytes(name);
            if (bytes > maxData) {
                throw new LimitReachedException("directory '" + key + "' has more entries than one LIST reply holds ("
                    + maxData + " bytes); list it in pages (LIST_PAGE, as the client's list does)");
            }
            entries.add(entryInfo(key.isEmpty() ? name : key + "/" + name, name));
        }
        entries.sort(java.util.Comparator.comparing(FileInfo::name));
        return answer.with(64 * entries.size() + 4, new ListReply(entries));
    }

    /**
     * A page of a directory: the entries after the request's name, in name order, as many as it asks for and fit a
     * frame. Only the page's names are kept while the directory is read (a bounded heap), and only they are looked at.
     */
    private Frame listPage(ListPageRequest req, Answer answer) throws IOException {
        String key = requireDirectory(req.path());
        PriorityQueue<String> last = new PriorityQueue<>(java.util.Comparator.reverseOrder());
        boolean more = false;
        for (String name : tree.list(key)) {
            if (name.compareTo(req.after()) > 0) {
                last.add(name);
                if (last.size() > req.most()) {
                    last.poll();
                    more = true;
                }
            }
        }
        List<String> names = new ArrayList<>(last);
        names.sort(null);
        List<FileInfo> entries = new ArrayList<>(names.size());
        long bytes = Integer.BYTES + 1;
        for (String name : names) {
            bytes += entryBytes(name);
            if (bytes > maxData) {
                more = true;
                break;
            }
            entries.add(entryInfo(key.isEmpty() ? name : key + "/" + name, name));
        }
        return answer.with((int) Math.min(bytes, maxData), new ListPageReply(entries, more));
    }

    /** What one entry takes in a LIST reply: its name (a string) and its type, size, times and version. */
    private static long entryBytes(String name) {
        return 2 + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1 + 4 * Long.BYTES;
    }

    /** The key of a path that must name a directory. */
    private String requireDirectory(String path) throws IOException {
        String key = jail.key(path);
        jail.resolveKey(key, path);
        if (!tree.isDirectory(key)) {
            throw tree.exists(key)
                ? new WrongFileTypeException(Status.NOT_A_DIRECTORY, "'" + key + "' is not a directory")
                : new CageFileNotFoundException("no such file or directory: '" + key + "'");
        }
        return key;
    }

    private Frame open(Session s, OpenRequest req, Answer answer) throws IOException {
        String key = nonRootKey(req.path(), "open");
        requireChannelRoom(s);
        Path p = jail.resolveKey(key, req.path());
        boolean exists = tree.exists(key);
        if (!req.create() && !exists) {
            throw new CageFileNotFoundException("no such file: '" + key + "'");
        }
        if (replication != null && (req.mode().writable() || !exists)) {
            replication.requireLeading(exists ? "opens files for writing" : "creates files");
        }
        OpenFile f;
        if (!exists && replication != null) {
            try {
                replication.replicate(ReplicatedChange.of(s, ReplicatedChange.Kind.CREATE, key));
            } catch (CageFileExistsException createdMeanwhile) {
                // another session created it first: open what is there
            }
            f = table.open(s, key, p, req.mode(), false);
        } else if (!exists) {
            requireCreatable(key);
            try (Journaling.Change c = journal.begin()) {
                journal.namespace(s, NamespaceOp.CREATE, key, null, null);
                f = table.open(s, key, p, req.mode(), true);
                journal.touched(p.getParent());
            }
        } else {
            markForTheGroup(s, key);
            f = table.open(s, key, p, req.mode(), false);
        }
        s.files().put(f.handle(), f);
        if (s.ended() && s.files().remove(f.handle(), f)) {
            // The session ended while this OPEN ran (its connection closed): ending it released the files it held
            // then, so this one, which nobody can close now, is released here.
            table.release(f);
            throw new ChannelClosedException("the session ended while '" + key + "' was being opened");
        }
        journal.note(s, NamespaceOp.OPEN, key, req.mode().name());
        return answer.with(32, new OpenReply(f.handle(), f.channel().size(), f.file().version(), f.file().fileId()));
    }

    /**
     * Refuses an OPEN (before anything is created) when the session, or the node, holds as many channels as it may:
     * every channel holds a descriptor, and one session must not take those the others need to log in and work.
     */
    private void requireChannelRoom(Session s) throws LimitReachedException {
        int mine = s.files().size();
        if (mine >= channelsPerSession) {
            throw new LimitReachedException("this session has " + mine + " channels open, the most one session may"
                + " (channelsPerSession " + channelsPerSession + "); close some before opening more");
        }
        int all = table.openCount();
        if (all >= openChannels) {
            throw new LimitReachedException("the node has " + all + " channels open, the most it holds (openChannels "
                + openChannels + "); try again when others have closed theirs");
        }
    }

    /**
     * At a group's leader, the first open of a file the group never changed (one its tree had before it was founded):
     * a MARK through the log gives it a group-wide id and version on every member ({@link GroupVersions}), so that
     * clients' cached pages of it survive a change of leader. Only while nobody here has it open: an open file's id
     * stays what its openers were told.
     */
    private void markForTheGroup(Session s, String key) throws IOException {
        if (replication == null || !replication.leading() || !table.needsGroupMark(key)) {
            return;
        }
        try {
            replication.replicate(ReplicatedChange.of(s, ReplicatedChange.Kind.MARK, key));
        } catch (CageException e) {
            // Unmarked, the file is named by its inode here, as before; the open goes on and fails, if it must, for
            // its own reason (a file removed meanwhile, a leader that lost its majority).
        }
    }

    // ---- open files ----

    /** Reads from the file straight into the reply buffer, after the header. */
    private Reply read(Session s, OpenFile f, ReadRequest req, Answer answer) throws IOException {
        long offset = req.offset();
        int length = req.length();
        checkOffset(offset);
        limits.checkReadOffset(offset);
        if (length < 0 || length > maxData) {
            throw new InvalidArgumentException("read length " + length + " is outside 0.." + maxData);
        }
        FileChannel ch = f.channel();
        Frame reply = Responses.ok(answer.alloc(), answer.requestId(), 8 + length);
        ByteBuf out = reply.body();
        ReadReply.encodeHeader(out, f.file().version());
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
        return Reply.showing(reply);
    }

    /** Writes from the request frame straight to the file; the journal, when on, keeps its own copy of the bytes. */
    private Reply write(Session s, OpenFile f, WriteRequest req, Answer answer) throws IOException {
        long offset = req.offset();
        ByteBuf data = req.data();
        checkOffset(offset);
        requireWritable(f);
        locks.requireUnlocked(f.file().key(), "write");
        int length = data.readableBytes();
        if (offset > Long.MAX_VALUE - length) {
            throw new InvalidArgumentException("write at " + offset + " of " + length + " bytes passes the largest file size");
        }
        limits.checkFileEnd("a write of " + length + " bytes at " + offset, offset + length);
        if (replication != null) {
            byte[] bytes = new byte[length];
            data.getBytes(data.readerIndex(), bytes);
            ChangeAnswer done = replication.replicate(ReplicatedChange.of(s, ReplicatedChange.Kind.WRITE, f.file().key())
                .at(offset, bytes));
            counters.wrote(length);
            return replied(f, done, answer.with(16, new WriteReply(done.size(), done.version())));
        }
        FileChannel ch = f.channel();
        long before = ch.size();
        long from = Math.min(offset, before); // bytes between the old end and the write's start become zeros
        long version;
        long size;
        try (Journaling.Change c = journal.begin()) {
            if (journal.enabled()) {
                byte[] newBytes = new byte[length];
                data.getBytes(data.readerIndex(), newBytes);
                byte[] old = FileBytes.overwritten(ch, offset, length, before);
                journal.write(s, f.file().key(), offset, newBytes, old, before, Math.max(before, offset + length));
            }
            long pos = offset;
            while (data.isReadable()) {
                pos += data.readBytes(ch, pos, data.readableBytes());
            }
            version = f.file().bump(from, offset + length);
            size = Math.max(before, offset + length); // the file's lane orders all its changes: no fstat needed
            journal.touched(f.file().path());
        }
        counters.wrote(length);
        Frame reply = answer.with(16, new WriteReply(size, version));
        return Reply.of(reply, new Change(f.file(), from, offset + length - from, version, size));
    }

    private Reply truncate(Session s, OpenFile f, TruncateRequest req, Answer answer) throws IOException {
        long size = req.size();
        if (size < 0) {
            throw new InvalidArgumentException("negative size " + size);
        }
        limits.checkFileEnd("a truncate to " + size + " bytes", size);
        requireWritable(f);
        locks.requireUnlocked(f.file().key(), "truncate");
        if (replication != null) {
            ChangeAnswer done = replication.replicate(ReplicatedChange.of(s, ReplicatedChange.Kind.TRUNCATE, f.file().key())
                .at(size, null));
            return replied(f, done, answer.with(8, new TruncateReply(done.version())));
        }
        FileChannel ch = f.channel();
        long current = ch.size();
        if (size == current) {
            return Reply.showing(answer.with(8, new TruncateReply(f.file().version())));
        }
        try (Journaling.Change c = journal.begin()) {
            journal.resize(s, f.file().key(), ch, current, size);
            journal.touched(f.file().path());
        }
        long from = Math.min(size, current);
        long version = f.file().bump(from, Math.max(size, current));
        return Reply.of(answer.with(8, new TruncateReply(version)),
            new Change(f.file(), from, Math.max(size, current) - from, version, size));
    }

    /** The reply to a replicated write or truncate, with the change other openers must hear of (if it changed bytes). */
    private static Reply replied(OpenFile f, ChangeAnswer done, Frame reply) {
        if (!done.changed()) {
            return Reply.showing(reply);
        }
        return Reply.of(reply, new Change(f.file(), done.from(), done.to() - done.from(), done.version(), done.size()));
    }

    private Reply sync(OpenFile f, HandleRequest req, Answer answer) throws IOException {
        f.channel().force(true);
        return Reply.of(answer.empty());
    }

    private Reply fstat(OpenFile f, HandleRequest req, Answer answer) throws IOException {
        return Reply.showing(answer.with(64, new StatReply(info(f.file().key(), f.file().path()))));
    }

    private Reply checksums(OpenFile f, ChecksumsRequest req, Answer answer) throws IOException {
        return Reply.showing(answer.with(req.pageNumbers().size() * 20,
            PageDigests.of(f.channel(), req.pageSize(), req.pageNumbers())));
    }

    private Reply close(Session s, OpenFile f, HandleRequest req, Answer answer) throws IOException {
        if (s.files().remove(f.handle()) == null) {
            throw new ChannelClosedException("channel " + f.handle() + " is already closed");
        }
        table.release(f);
        journal.note(s, NamespaceOp.CLOSE, f.file().key(), null);
        return Reply.of(answer.empty());
    }

    // ---- helpers ----

    /**
     * A listed entry; a symbolic link that leads outside the root (or nowhere), which the storage refuses to follow,
     * shows as OTHER, revealing nothing of its target.
     */
    private FileInfo entryInfo(String key, String name) throws IOException {
        try {
            return info(key, tree.resolve(key));
        } catch (InvalidPathException outside) {
            return new FileInfo(name, FileType.OTHER, 0, java.time.Instant.EPOCH, java.time.Instant.EPOCH, 0);
        }
    }

    /** {@code p} is the key's place, resolved through the jail: the file table knows files by it. */
    private FileInfo info(String key, Path p) throws IOException {
        BasicFileAttributes a = tree.attributes(key);
        FileType type = a.isRegularFile() ? FileType.FILE : a.isDirectory() ? FileType.DIRECTORY : FileType.OTHER;
        long version = type == FileType.FILE ? table.version(key, p) : 0;
        String name = key.isEmpty() ? "" : key.substring(key.lastIndexOf('/') + 1);
        return new FileInfo(name, type, type == FileType.FILE ? a.size() : 0, a.creationTime().toInstant(),
            a.lastModifiedTime().toInstant(), version);
    }

    private void requireCreatable(String key) throws IOException {
        if (tree.exists(key, LinkOption.NOFOLLOW_LINKS)) {
            throw new CageFileExistsException("already exists: '" + key + "'");
        }
        String parent = TreePaths.parent(key);
        if (!tree.isDirectory(parent)) {
            throw new CageFileNotFoundException("no such directory: '" + parent + "'");
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
