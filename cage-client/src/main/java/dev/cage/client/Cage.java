package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.Frame;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.SpaceInfo;
import dev.cage.protocol.message.ChangedRange;
import dev.cage.protocol.message.EmptyRequest;
import dev.cage.protocol.message.HandleRequest;
import dev.cage.protocol.message.ListPageReply;
import dev.cage.protocol.message.ListPageRequest;
import dev.cage.protocol.message.OpenReply;
import dev.cage.protocol.message.OpenRequest;
import dev.cage.protocol.message.PathRequest;
import dev.cage.protocol.message.RenameRequest;
import dev.cage.protocol.message.SpaceReply;
import dev.cage.protocol.message.StatReply;
import dev.cage.protocol.message.TruncateReply;
import dev.cage.protocol.message.TruncateRequest;
import dev.cage.protocol.message.TxCommitReply;
import dev.cage.protocol.message.TxCommitRequest;
import dev.cage.protocol.message.TxRecoverReply;
import dev.cage.protocol.message.TxRollbackRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client of one or more Cage server nodes. One instance talks to many files on many servers at once,
 * and many instances (with different settings) may live in one process. Paths are relative to the
 * server's root and use {@code /}; {@code ""} is the root.
 *
 * <pre>{@code
 * try (Cage cage = Cage.builder()
 *         .server("files", new ServerSpec("127.0.0.1", 7070, "admin", secret))
 *         .build()) {
 *     CageChannel ch = cage.open("files", "docs/report.txt", OpenMode.EXCLUSIVE, true);
 *     cage.write(ch, 0, "hello".getBytes(UTF_8));
 *     byte[] back = cage.read(ch, 0, 5);
 *     cage.close(ch);
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. Every failure is a {@link CageException} whose subtype names its kind.
 */
public final class Cage implements AutoCloseable {
    private final String name;
    private final int pageSize;
    private final int pageCount;
    private final int maxMessageSize;
    private final Duration responseTimeout;
    private final Path hibernationFile;
    private final boolean wakeFromHibernation;
    private final Map<String, ServerLink> links = new LinkedHashMap<>();
    /** {@code null} when built with a page count of 0: every call then goes to the server. */
    private final PageCache cache;
    private final ProgressListener progress;
    private final WakeReport wakeReport;
    private final List<CageChannel> wokenChannels;
    private volatile boolean closed;

    private Cage(Builder b) throws CageException {
        this.name = b.name;
        this.pageSize = b.pageSize;
        this.pageCount = b.pageCount;
        this.maxMessageSize = b.maxMessageSize;
        this.responseTimeout = b.responseTimeout;
        this.hibernationFile = b.hibernationFile;
        this.wakeFromHibernation = b.wakeFromHibernation;
        this.cache = pageCount > 0 ? newCache(b, server -> links.get(server).tierName()) : null;
        for (Map.Entry<String, ServerSpec> e : b.servers.entrySet()) {
            String server = e.getKey();
            Connection.Invalidations onChange = cache == null ? Connection.Invalidations.NONE
                : (login, fileId, offset, length, version, size) -> cache.invalidate(server, login, fileId, offset, length,
                    version, size);
            links.put(server, new ServerLink(server, e.getValue(), maxMessageSize, responseTimeout.toMillis(), onChange));
        }
        this.progress = b.progress;
        if (wakeFromHibernation) {
            Waker waker = new Waker(this, cache);
            this.wakeReport = wake(waker);
            this.wokenChannels = List.copyOf(waker.woken());
        } else {
            this.wakeReport = null;
            this.wokenChannels = List.of();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The page cache, with the shared tier behind it if one is configured (Hazelcast is loaded only then), where
     * {@code tierName} names each server as every client sharing the tier does.
     */
    private static PageCache newCache(Builder b, java.util.function.UnaryOperator<String> tierName) {
        if (b.sharedPageCache == null) {
            return new PageCache(b.pageSize, b.pageCount);
        }
        HazelcastTier tier;
        try {
            tier = HazelcastTier.start(b.sharedPageCache);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("a shared page cache needs com.hazelcast:hazelcast on the class path", e);
        }
        PageCache cache = new PageCache(b.pageSize, b.pageCount, tier, tierName);
        tier.reportStats(b.name, cache::tierStats);
        return cache;
    }

    // ---- namespace ----

    /** Creates an empty file; fails if it exists or its directory does not. */
    public void create(String server, String path) throws CageException {
        simple(server, Opcode.CREATE, path);
    }

    public void mkdir(String server, String path) throws CageException {
        simple(server, Opcode.MKDIR, path);
    }

    /** Removes an empty directory. */
    public void rmdir(String server, String path) throws CageException {
        simple(server, Opcode.RMDIR, path);
    }

    /** Removes a file; refused with {@code FileBusyException} while any channel has it open. */
    public void remove(String server, String path) throws CageException {
        simple(server, Opcode.REMOVE, path);
    }

    /**
     * Renames a file or directory; fails if the target exists. An open file may be renamed and its
     * channels follow it; a directory with open files inside may not.
     */
    public void rename(String server, String from, String to) throws CageException {
        ServerLink link = link(server);
        link.call(new RenameRequest(from, to), false).release();
        link.renamed(from, to);
    }

    /** Size, times and version of a file; this client's own unpushed writes to it are pushed first. */
    public FileInfo stat(String server, String path) throws CageException {
        ServerLink link = link(server);
        for (CageChannel ch : link.channelsOn(path)) {
            putPages(ch);
        }
        Frame reply = link.call(new PathRequest(Opcode.STAT, path), true);
        try {
            return StatReply.decode(reply.body()).info();
        } finally {
            reply.release();
        }
    }

    /**
     * The entries of a directory, sorted by name; a large directory is read in pages (LIST_PAGE), so any size lists.
     * Pages are read one after another, not at one instant: an entry created or removed meanwhile may show or not.
     */
    public List<FileInfo> list(String server, String path) throws CageException {
        ServerLink link = link(server);
        List<FileInfo> all = new ArrayList<>();
        String after = "";
        while (true) {
            String from = after;
            Frame reply = link.call(new ListPageRequest(path, from, ListPageRequest.MAX_ENTRIES), true);
            ListPageReply page;
            try {
                page = ListPageReply.decode(reply.body());
            } finally {
                reply.release();
            }
            all.addAll(page.entries());
            if (!page.more() || page.entries().isEmpty()) {
                return all;
            }
            after = page.entries().get(page.entries().size() - 1).name();
        }
    }

    /** The space of the disk the server's root lies on: its size, and what may still be written there. */
    public SpaceInfo space(String server) throws CageException {
        Frame reply = link(server).call(new PathRequest(Opcode.STATFS, ""), true);
        try {
            return SpaceReply.decode(reply.body()).space();
        } finally {
            reply.release();
        }
    }

    // ---- channels ----

    /** Opens an existing file. A conflicting open fails at once with {@code SharingConflictException}. */
    public CageChannel open(String server, String path, OpenMode mode) throws CageException {
        return open(server, path, mode, false);
    }

    /** Opens a file, creating it first if {@code create} is set and it does not exist. */
    public CageChannel open(String server, String path, OpenMode mode, boolean create) throws CageException {
        Objects.requireNonNull(mode, "mode");
        ServerLink link = link(server);
        long pushesBefore = pushesHeard();
        ServerLink.Answered answered = link.callAnswered(new OpenRequest(path, mode, create), true);
        OpenReply opened = decodeOpen(answered.reply());
        CageChannel ch = new CageChannel(this, link, path, mode, opened.handle());
        reattach(ch, answered.login(), opened.fileId(), opened.version(), opened.size(), pushesBefore);
        link.register(ch);
        return ch;
    }

    private static OpenReply decodeOpen(Frame reply) throws CageException {
        try {
            return OpenReply.decode(reply.body());
        } finally {
            reply.release();
        }
    }

    /**
     * Creates or replaces the file at {@code path} with exactly {@code data}, as {@code Files.write} does: the
     * small-file operation. The file is open EXCLUSIVE while it is written, so no one sees it half written. Without the
     * page cache it costs two round trips: the open, then the write, the cut of longer old content and the close, sent
     * together (the node runs them in order); with the cache, the bytes go through it and are pushed at the close.
     */
    public void writeFile(String server, String path, byte[] data) throws CageException {
        replaceAndClose(open(server, path, OpenMode.EXCLUSIVE, true), data);
    }

    /**
     * Makes the channel's file hold exactly {@code data}, then closes the channel (also when this fails). Without the
     * page cache the write, the cut of longer old content and the close go together: one round trip.
     */
    public void replaceAndClose(CageChannel ch, byte[] data) throws CageException {
        if (!ch.mode().writable()) {
            close(ch);
            throw new dev.cage.protocol.ReadOnlyChannelException("channel of " + ch.path() + " is open " + ch.mode()
                + ": it cannot write");
        }
        if (ch.cachedFile() != null) {
            try {
                write(ch, 0, data);
                truncate(ch, data.length);
            } finally {
                close(ch);
            }
            return;
        }
        try {
            Transfers.writeWholeAndClose(ch, data);
        } finally {
            forget(ch);
        }
    }

    /** Closes a channel; closing a closed channel does nothing. */
    public void close(CageChannel ch) throws CageException {
        if (!ch.isOpen()) {
            forget(ch);
            return;
        }
        CageException refused = null;
        try {
            try {
                putPages(ch);
            } catch (dev.cage.protocol.ServerUnavailableException e) {
                throw e;
            } catch (CageException e) {
                refused = e; // the node refused the pages (a limit, a lock): it still closes its side below
            }
            ch.link().call(() -> new HandleRequest(Opcode.CLOSE, ch.handle()), true).release();
        } catch (dev.cage.protocol.ServerUnavailableException e) {
            // The session is gone, and with it the server's side of the channel.
        } finally {
            forget(ch);
            if (cache != null) {
                cache.detach(ch);
            }
        }
        if (refused != null) {
            throw refused;
        }
    }

    /** The channel is closed from now on, and its link no longer reopens it after a new login. */
    private static void forget(CageChannel ch) {
        ch.markClosed();
        ch.link().unregister(ch);
    }

    /** Reads up to {@code length} bytes at {@code offset}; fewer only at the end of the file. */
    public byte[] read(CageChannel ch, long offset, int length) throws CageException {
        byte[] dst = new byte[length];
        int n = read(ch, offset, dst, 0, length);
        return n == length ? dst : java.util.Arrays.copyOf(dst, n);
    }

    /**
     * Reads into {@code dst[off..off+len)} from {@code offset}; returns the bytes read, fewer than
     * {@code len} only at the end of the file. Served from the page cache where it can be; what is
     * missing is fetched in one pipelined round trip.
     */
    public int read(CageChannel ch, long offset, byte[] dst, int off, int len) throws CageException {
        checkRange(offset, dst.length, off, len);
        ch.requireOpen();
        if (ch.cachedFile() != null) {
            if (ch.link().followerReads()) {
                revalidate(ch);
            }
            return cache.read(ch, offset, dst, off, len);
        }
        if (len == 0) {
            return 0;
        }
        int total = 0;
        for (Transfers.Got g : Transfers.read(ch, Transfers.split(offset, dst, off, len, ch.link().maxData()))) {
            total += g.bytes();
            if (g.bytes() == 0) {
                break;
            }
        }
        return total;
    }

    public void write(CageChannel ch, long offset, byte[] data) throws CageException {
        write(ch, offset, data, 0, data.length);
    }

    /**
     * Writes {@code src[off..off+len)} at {@code offset}, extending the file if needed. With the page
     * cache on, the bytes stay in this client's cache (readable by it at once) until pushed by
     * {@link #putPages}, {@link #pushAll}, {@link #sync}, {@link #close(CageChannel)} or eviction; other
     * clients see them once pushed. With the cache off they go to the server before this returns.
     */
    public void write(CageChannel ch, long offset, byte[] src, int off, int len) throws CageException {
        checkRange(offset, src.length, off, len);
        ch.requireOpen();
        if (ch.cachedFile() != null) {
            cache.write(ch, offset, src, off, len);
            return;
        }
        Transfers.write(ch, Transfers.split(offset, src, off, len, ch.link().maxData()));
    }

    /** The chunk a stream moves per request, where the node's frames allow it. */
    static final int STREAM_CHUNK = 1 << 20;
    /** Chunks a stream keeps in flight by default (cage bench: see the README's data-path section). */
    public static final int STREAM_WINDOW = 8;

    /**
     * A stream writing the channel's file from {@code position} on, with write-behind (see {@link CageOutputStream}):
     * the way to move a large file in, as {@code cage put} does. Errors surface at a later write, flush or close.
     */
    public CageOutputStream outputStream(CageChannel ch, long position) throws CageException {
        return outputStream(ch, position, STREAM_WINDOW);
    }

    /** As {@link #outputStream(CageChannel, long)} with {@code window} chunks in flight at most. */
    public CageOutputStream outputStream(CageChannel ch, long position, int window) throws CageException {
        checkStream(ch, position, window);
        if (!ch.mode().writable()) {
            throw new dev.cage.protocol.ReadOnlyChannelException("channel of " + ch.path() + " is open " + ch.mode()
                + ": it cannot write");
        }
        return new CageOutputStream(this, ch, position, window, streamChunk(ch));
    }

    /**
     * A stream reading the channel's file from {@code position} on, with read-ahead (see {@link CageInputStream}):
     * the way to move a large file out, as {@code cage get} does.
     */
    public CageInputStream inputStream(CageChannel ch, long position) throws CageException {
        return inputStream(ch, position, STREAM_WINDOW);
    }

    /** As {@link #inputStream(CageChannel, long)} with {@code window} chunks in flight at most. */
    public CageInputStream inputStream(CageChannel ch, long position, int window) throws CageException {
        checkStream(ch, position, window);
        return new CageInputStream(this, ch, position, window, streamChunk(ch));
    }

    private static void checkStream(CageChannel ch, long position, int window) throws CageException {
        if (window < 1) {
            throw new IllegalArgumentException("the window holds at least one chunk, not " + window);
        }
        ch.requireOpen();
        if (position < 0) {
            throw new InvalidArgumentException("negative position " + position);
        }
    }

    /** The bytes a stream moves per request: {@link #STREAM_CHUNK}, or less where the node's frames are smaller. */
    private static int streamChunk(CageChannel ch) throws CageException {
        return Math.min(ch.link().maxData(), STREAM_CHUNK);
    }

    /** Reads page {@code pageNo} (bytes {@code pageNo × pageSize} on); shorter only at the end of the file. */
    public byte[] readPage(CageChannel ch, long pageNo) throws CageException {
        requirePageNo(pageNo);
        return read(ch, pageNo * pageSize, pageSize);
    }

    /** Writes a whole page (or, for the file's last page, its first {@code bytes.length} bytes) without reading it first. */
    public void writePage(CageChannel ch, long pageNo, byte[] bytes) throws CageException {
        requirePageNo(pageNo);
        if (bytes.length > pageSize) {
            throw new InvalidArgumentException("a page holds " + pageSize + " bytes, not " + bytes.length);
        }
        write(ch, pageNo * pageSize, bytes);
    }

    /** Pushes the dirty pages of the channel's file to the server; returns once the server has them. */
    public void putPages(CageChannel ch) throws CageException {
        if (cache != null && ch.cachedFile() != null) {
            cache.push(ch.cachedFile());
        }
    }

    /** Pushes every dirty page of every file. */
    public void pushAll() throws CageException {
        if (cache != null) {
            cache.pushAll();
        }
    }

    /** Counters of the page cache; all zero when the cache is off. */
    public CacheStats cacheStats() {
        return cache == null ? new CacheStats(0, 0, 0, 0, 0, 0, 0) : cache.stats();
    }

    /**
     * Where page reads were served from (this Cage's cache, the cluster-shared cache, a server) and what the shared
     * cache holds on this member; all zero when the page cache is off.
     */
    public TierStats tierStats() {
        return cache == null ? TierStats.NONE : cache.tierStats();
    }

    /**
     * Admin operations on a server: its sessions and its facts and counters (needs a user with the admin role;
     * the role is checked by the server on each call).
     *
     * @throws InvalidArgumentException if no server has that name
     * @throws dev.cage.protocol.ChannelClosedException if this {@code Cage} is closed
     */
    public CageNodeAdmin admin(String server) throws CageException {
        return new CageNodeAdmin(link(server));
    }

    /** The operation journal of a server (needs a user with the admin role). */
    public CageJournal journal(String server) throws CageException {
        return new CageJournal(link(server));
    }

    // ---- transactions ----

    /**
     * Starts a transaction: writes and truncates staged in it become visible to others together at its commit, or
     * never. See {@link CageTransaction}.
     */
    public CageTransaction beginTransaction() {
        return new CageTransaction(this);
    }

    /**
     * The prepared (in-doubt) transaction branches on a server that this user may finish: its own, or every one for
     * a user with the admin role. After a crash a transaction manager commits or rolls back each of them.
     */
    public List<TxId> recover(String server) throws CageException {
        Frame reply = link(server).call(new EmptyRequest(Opcode.TX_RECOVER), true);
        try {
            List<TxId> ids = new ArrayList<>();
            for (dev.cage.protocol.BranchId b : TxRecoverReply.decode(reply.body()).branches()) {
                ids.add(TxId.of(b));
            }
            return ids;
        } finally {
            reply.release();
        }
    }

    /**
     * Phase 2 of a prepared branch, from any session (the one that prepared it may be gone): applies it atomically,
     * then unlocks its files.
     *
     * @throws dev.cage.protocol.TransactionUnknownException if the server holds no such prepared branch for this user
     */
    public void commitPrepared(String server, TxId id) throws CageException {
        committed(server, link(server).call(TxCommitRequest.prepared(id.wire()), false));
    }

    /**
     * Rolls back a prepared branch: it is forgotten and its files unlocked; they never held any of its bytes.
     *
     * @throws dev.cage.protocol.TransactionUnknownException if the server holds no such prepared branch for this user
     */
    public void rollbackPrepared(String server, TxId id) throws CageException {
        link(server).call(new TxRollbackRequest(id.wire()), false).release();
    }

    /**
     * A commit's reply: this client's channels on the changed files now know their new versions (a transaction
     * begun on them later begins there, not before this commit), and its cache drops what it held of the changed
     * ranges (the server tells only others).
     */
    void committed(String server, Frame reply) throws CageException {
        try {
            ServerLink link = link(server);
            for (ChangedRange c : TxCommitReply.decode(reply.body()).changes()) {
                link.sawCommitted(c.fileId(), c.version());
                if (cache != null) {
                    cache.changedHere(server, c.fileId(), c.offset(), c.length(), c.version(), c.size());
                }
            }
        } finally {
            reply.release();
        }
    }

    // ---- hibernation ----

    /**
     * Writes the page cache (clean and dirty pages, with the file versions they are valid at) and the open
     * channels to the hibernation file, then closes every connection without pushing anything: the dirty
     * pages are in the dump. A {@code Cage} built with {@link Builder#wakeFromHibernation} on the same file
     * carries on from there. This instance cannot be used afterwards.
     *
     * @throws HibernationException if the dump cannot be written; the instance is then still usable
     */
    public void hibernate() throws HibernationException {
        if (hibernationFile == null) {
            throw new HibernationException("this Cage has no hibernation file (Builder.hibernationFile)");
        }
        List<HibernationDump.ChannelEntry> channels = new ArrayList<>();
        for (ServerLink l : links.values()) {
            for (CageChannel ch : l.openChannels()) {
                if (ch.isOpen()) {
                    long fileId = ch.cachedFile() == null ? 0 : ch.cachedFile().fileId;
                    channels.add(new HibernationDump.ChannelEntry(l.name(), ch.path(), ch.mode(), fileId, ch.position()));
                }
            }
        }
        HibernationDump.write(hibernationFile, new HibernationDump.Contents(name, pageSize,
            cache == null ? List.of() : cache.fileEntries(), channels,
            cache == null ? List.of() : cache.pageEntries()), progress);
        closed = true;
        for (ServerLink l : links.values()) {
            l.drop();
        }
        if (cache != null) {
            cache.closeShared();
        }
    }

    private WakeReport wake(Waker waker) {
        HibernationDump.Contents dump;
        try {
            dump = HibernationDump.read(hibernationFile, pageSize, progress);
        } catch (HibernationException e) {
            System.getLogger(Cage.class.getName()).log(System.Logger.Level.WARNING,
                "Cage ''" + name + "'' starts with a cold cache: " + e.getMessage());
            return WakeReport.cold(e.getMessage());
        }
        if (cache == null) {
            return WakeReport.cold("this Cage has no page cache (page count 0)");
        }
        return waker.wake(dump);
    }

    /** What waking from the hibernation file did; {@code null} if this Cage was not built to wake. */
    public WakeReport wakeReport() {
        return wakeReport;
    }

    /** The channels that were open at hibernation and are open again, with their positions. */
    public List<CageChannel> wokenChannels() {
        return wokenChannels;
    }

    /** Opens a channel the cache does not know of (no pages are fetched through it). */
    CageChannel openUncached(String server, String path, OpenMode mode) throws CageException {
        ServerLink link = link(server);
        return new CageChannel(this, link, path, mode, decodeOpen(link.call(new OpenRequest(path, mode, false), true)).handle());
    }

    void closeUncached(CageChannel ch) {
        try {
            ch.link().call(() -> new HandleRequest(Opcode.CLOSE, ch.handle()), true).release();
        } catch (CageException e) {
            // The server drops it with the session at the latest.
        }
        ch.markClosed();
    }

    /** How many INVALIDATE pushes the cache has heard (0 without a cache); see {@link #reattach}. */
    long pushesHeard() {
        return cache == null ? 0 : cache.pushesHeard();
    }

    /**
     * Binds a channel to the cache's entry for its file, at open and again after logging in again, with what the
     * server said on {@code login}; {@code pushesBefore}: {@link #pushesHeard()} before the OPEN was sent.
     */
    void reattach(CageChannel ch, long login, long fileId, long version, long size, long pushesBefore) {
        ch.fileId(fileId);
        ch.saw(version);
        // A follower-read channel writes uncached (see ServerSpec.withFollowerReads) and reads through the cache only after
        // asking its member for the file's version (read()).
        if (cache != null && (!ch.link().followerReads() || !ch.mode().writable())) {
            ch.setCachedFile(cache.attach(ch, login, fileId, version, size, pushesBefore));
        }
    }

    /**
     * Before a follower-read channel reads from the cache: its member's word on the file's version (FSTAT waits, as
     * every read there does, until the member has applied what the leader had committed when it arrived).
     */
    private void revalidate(CageChannel ch) throws CageException {
        ServerLink.Answered answered = ch.link().callAnswered(() -> new HandleRequest(Opcode.FSTAT, ch.handle()), true);
        try {
            FileInfo now = StatReply.decode(answered.reply().body()).info();
            ch.saw(now.version());
            cache.revalidate(ch.cachedFile(), answered.login(), now.version(), now.size());
        } finally {
            answered.reply().release();
        }
    }

    private void requirePageNo(long pageNo) throws InvalidArgumentException {
        if (pageNo < 0 || pageNo > Long.MAX_VALUE / pageSize) {
            throw new InvalidArgumentException("page number " + pageNo + " is out of range");
        }
    }

    /** Sets the file's size: cuts it, or extends it with zero bytes. */
    public void truncate(CageChannel ch, long size) throws CageException {
        if (size < 0) {
            throw new InvalidArgumentException("negative size " + size);
        }
        putPages(ch);
        Frame reply = ch.link().call(() -> new TruncateRequest(ch.handle(), size), true);
        try {
            long version = TruncateReply.decode(reply.body()).version();
            ch.saw(version);
            if (ch.cachedFile() != null) {
                cache.truncated(ch.cachedFile(), size, version);
            }
        } finally {
            reply.release();
        }
    }

    /** Forces the file's bytes to the server's disk. */
    public void sync(CageChannel ch) throws CageException {
        putPages(ch);
        ch.link().call(() -> new HandleRequest(Opcode.SYNC, ch.handle()), true).release();
    }

    public FileInfo stat(CageChannel ch) throws CageException {
        putPages(ch);
        Frame reply = ch.link().call(() -> new HandleRequest(Opcode.FSTAT, ch.handle()), true);
        try {
            return StatReply.decode(reply.body()).info();
        } finally {
            reply.release();
        }
    }

    // ---- settings ----

    public String name() {
        return name;
    }

    public int pageSize() {
        return pageSize;
    }

    public int pageCount() {
        return pageCount;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    public Path hibernationFile() {
        return hibernationFile;
    }

    public boolean wakeFromHibernation() {
        return wakeFromHibernation;
    }

    public List<String> servers() {
        return List.copyOf(links.keySet());
    }

    /**
     * Pushes what it can of the dirty pages, closes the channels still open (so their files are free for others at
     * once), then closes every connection; the instance cannot be used afterwards. Dirty pages that cannot be pushed
     * (server unreachable) are lost: call {@link #pushAll} first where that matters.
     */
    @Override
    public void close() {
        try {
            pushAll();
        } catch (CageException e) {
            System.getLogger(Cage.class.getName()).log(System.Logger.Level.WARNING,
                "Cage ''" + name + "'' closed with unpushed pages: " + e.getMessage());
        }
        for (ServerLink l : links.values()) {
            for (CageChannel ch : l.openChannels()) {
                try {
                    if (l.connected()) { // a node out of reach releases the file when the session ends
                        close(ch);
                    }
                } catch (CageException e) {
                    // as above
                } finally {
                    forget(ch);
                }
            }
        }
        closed = true;
        for (ServerLink l : links.values()) {
            l.close();
        }
        if (cache != null) {
            cache.closeShared();
        }
    }

    private void simple(String server, Opcode op, String path) throws CageException {
        link(server).call(new PathRequest(op, path), false).release();
    }

    ServerLink link(String server) throws CageException {
        if (closed) {
            throw new dev.cage.protocol.ChannelClosedException("Cage '" + name + "' is closed");
        }
        ServerLink l = links.get(server);
        if (l == null) {
            throw new InvalidArgumentException("no server named '" + server + "' in Cage '" + name + "'; known: " + links.keySet());
        }
        return l;
    }

    private static void checkRange(long offset, int arrayLength, int off, int len) throws InvalidArgumentException {
        if (offset < 0) {
            throw new InvalidArgumentException("negative offset " + offset);
        }
        if (off < 0 || len < 0 || off > arrayLength - len) {
            throw new InvalidArgumentException("range [" + off + ", " + off + "+" + len + ") is outside an array of " + arrayLength);
        }
    }

    /** Builds a {@link Cage}; every setting has a default except the servers. */
    public static final class Builder {
        private String name = "cage";
        private int pageSize = 64 * 1024;
        private int pageCount = 1024;
        private int maxMessageSize = Protocol.DEFAULT_MAX_FRAME_SIZE;
        private Duration responseTimeout = Duration.ofSeconds(10);
        private Path hibernationFile;
        private boolean wakeFromHibernation;
        private final Map<String, ServerSpec> servers = new LinkedHashMap<>();
        private ProgressListener progress = ProgressListener.NONE;
        private SharedPageCache sharedPageCache;

        private Builder() {
        }

        /**
         * Puts a cluster-shared page cache behind this Cage's own (off by default; {@code null} turns it off again).
         * Needs the page cache on and Hazelcast on the class path. See {@link SharedPageCache}.
         */
        public Builder sharedPageCache(SharedPageCache settings) {
            this.sharedPageCache = settings;
            return this;
        }

        /** Hears how far writing and reading the hibernation dump have come. */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder name(String n) {
            this.name = Objects.requireNonNull(n, "name");
            return this;
        }

        /** Bytes per cache page: a power of two from 512 bytes to 16 MiB. */
        public Builder pageSize(int bytes) {
            requireArgument(bytes >= 512 && bytes <= (16 << 20) && Integer.bitCount(bytes) == 1,
                "page size must be a power of two from 512 to 16 MiB, not " + bytes);
            this.pageSize = bytes;
            return this;
        }

        /** Pages the cache holds; 0 turns the cache off (every read and write goes to the server). */
        public Builder pageCount(int pages) {
            requireArgument(pages >= 0, "page count must not be negative, not " + pages);
            this.pageCount = pages;
            return this;
        }

        /** Largest frame this client sends or accepts (data per request is a little less). */
        public Builder maxMessageSize(int bytes) {
            requireArgument(bytes >= 4096, "maximum message size must be at least 4096 bytes, not " + bytes);
            this.maxMessageSize = bytes;
            return this;
        }

        /** How long a call may wait for its answer, logging in again included. */
        public Builder responseTimeout(Duration d) {
            requireArgument(d != null && !d.isNegative() && !d.isZero(), "response timeout must be positive");
            this.responseTimeout = d;
            return this;
        }

        /** The file the page cache hibernates to. */
        public Builder hibernationFile(Path file) {
            this.hibernationFile = file;
            return this;
        }

        /** Whether to wake from the hibernation file when built. */
        public Builder wakeFromHibernation(boolean wake) {
            this.wakeFromHibernation = wake;
            return this;
        }

        /** Adds a named server. */
        public Builder server(String serverName, ServerSpec spec) {
            requireArgument(serverName != null && !serverName.isBlank(), "server name must not be blank");
            servers.put(serverName, Objects.requireNonNull(spec, "spec"));
            return this;
        }

        public Builder server(String serverName, String host, int port, String user, String secret) {
            return server(serverName, new ServerSpec(host, port, user, secret));
        }

        /** Builds the client. No connection is made until the first call to a server. */
        public Cage build() throws CageException {
            requireArgument(!servers.isEmpty(), "a Cage needs at least one server");
            requireArgument(wakeFromHibernation ? hibernationFile != null : true,
                "waking from hibernation needs a hibernation file");
            requireArgument(sharedPageCache == null || pageCount > 0, "a shared page cache needs the page cache on (page count > 0)");
            return new Cage(this);
        }

        private static void requireArgument(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
