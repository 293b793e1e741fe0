package dev.cage.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.cage.protocol.CageException;
import dev.cage.protocol.ReadOnlyChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The page cache of one {@link Cage}: at most {@code pageCount} pages of {@code pageSize} bytes, shared
 * by all its channels, in a Caffeine cache (W-TinyLFU: admission by frequency, so a scan cannot flush
 * the hot set, and a hot set that moves is followed, unlike plain LFU).
 *
 * <p>Writes stay in the cache as dirty pages until pushed ({@link #push}, a close, a sync, or eviction).
 * A dirty page the cache evicts moves to {@code writingBack}, where reads still find it, until the
 * server has its bytes: dirty bytes are never dropped.
 *
 * <p>Coherence: the server tells every other opener of a file which range changed, and waits for the
 * answer before acknowledging the write ({@link #invalidate}, run on the connection's event loop). A
 * page fetched from the server is cached only if its version is not older than the newest version this
 * client knows of, checked under the file's monitor, so a reply overtaken by an invalidation is used once
 * and never cached.
 *
 * <p>Second tier (optional, {@link SharedTier}): a page missing here is looked up in the cluster-shared cache under
 * the file's current version as this client knows it, before the server is asked; a page read from the server is
 * added there under the version the server read it at, if the whole page was read at one version. Only bytes a
 * server returned go there: dirty pages, and a transaction's staged writes (which never enter this cache), never do.
 * Entries are never removed for correctness: a change gives the file a new version, so old entries cannot match.
 *
 * <p>Threads: any thread may call; page contents are guarded by each page's monitor, file versions by
 * each {@link CachedFile}'s. Caffeine runs its maintenance on the calling thread, so eviction (and the
 * write-back it may cause) happens before a call returns and memory stays bounded.
 */
final class PageCache {
    private static final int READ_AHEAD_PAGES = 8;
    /** Times a read that mixed cached and fetched pages is tried again when a change came in meanwhile. */
    private static final int TORN_READ_RETRIES = 3;

    private final int pageSize;
    private final int pageCount;
    private final Cache<PageKey, Page> pages;
    private final Map<PageKey, Page> writingBack = new ConcurrentHashMap<>();
    private final Queue<PageKey> toWriteBack = new ConcurrentLinkedQueue<>();
    private final Map<String, Map<Long, CachedFile>> files = new ConcurrentHashMap<>();
    /**
     * The newest version, the size with it and the login that heard it ({@code {version, size, login}}), that
     * INVALIDATEs announced for files not attached yet (server, then file id). The node may tell a
     * session of a change between registering its OPEN and the client attaching the channel, even before the OPEN
     * reply, which can carry the version before that change; dropping such an INVALIDATE let the file start at the
     * older version, and a shared-tier entry of that version then served the old bytes after the change was
     * acknowledged (SharedCoherenceSoakTest, about one run in five). Guarded by itself, with the creation of entries.
     */
    private final Map<String, Map<Long, long[]>> heardBeforeAttach = new java.util.HashMap<>();
    /** INVALIDATE pushes heard, of any file: an OPEN that saw none arrive while it was answered is the newest word. */
    private final java.util.concurrent.atomic.AtomicLong pushesHeard = new java.util.concurrent.atomic.AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder writeBacks = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder clusterHits = new LongAdder();
    private final LongAdder serverReads = new LongAdder();
    /** {@code null} without a shared tier. */
    private final SharedTier shared;
    /**
     * Server name (this client's) to how the shared tier names it: a node's address, or a replicated group's name
     * (its file ids and versions are the group's, so a page is the same whichever member served it).
     */
    private final java.util.function.UnaryOperator<String> tierNames;

    PageCache(int pageSize, int pageCount) {
        this(pageSize, pageCount, null, server -> server);
    }

    PageCache(int pageSize, int pageCount, SharedTier shared, java.util.function.UnaryOperator<String> tierNames) {
        this.pageSize = pageSize;
        this.pageCount = pageCount;
        this.shared = shared;
        this.tierNames = tierNames;
        this.pages = Caffeine.newBuilder()
            .maximumSize(pageCount)
            .executor(Runnable::run)
            .evictionListener(this::evicted)
            .build();
    }

    int pageSize() {
        return pageSize;
    }

    private void evicted(PageKey key, Page page, RemovalCause cause) {
        if (!cause.wasEvicted() || page == null) {
            return;
        }
        evictions.increment();
        if (page.isDirty()) {
            writingBack.put(key, page); // still readable until the server has it
            toWriteBack.add(key);
        }
    }

    // ---- channels ----

    /**
     * Binds a channel to its file's cache entry at open (or reopen), with the version and size the OPEN reply carried,
     * answered on {@code login}. If the version differs from the one the cached pages were valid at, the clean pages go
     * and dirty ones are marked for merging. Except when the reply is older than the version held, on the same login,
     * and a push was heard while the OPEN was answered ({@code pushesBefore}: {@link #pushesHeard()} before it was
     * sent): that push announced a change the reply was sent too early to include, and the file keeps its version.
     * Taking the older one would let a shared-tier entry of that version pass for current after the change was
     * acknowledged. (With no push heard meanwhile, an older version is the node's word: after a rename, say, the node
     * numbers an unchanged file by its modification time again.)
     */
    CachedFile attach(CageChannel ch, long login, long fileId, long version, long size, long pushesBefore) {
        CachedFile cf;
        boolean[] created = {false};
        long[] heard;
        synchronized (heardBeforeAttach) {
            cf = files.computeIfAbsent(ch.server(), s -> new ConcurrentHashMap<>()).computeIfAbsent(fileId, id -> {
                created[0] = true;
                return new CachedFile(ch.server(), id, version, login, size);
            });
            Map<Long, long[]> byId = heardBeforeAttach.get(ch.server());
            heard = created[0] && byId != null ? byId.remove(fileId) : null;
        }
        synchronized (cf) {
            if (created[0]) {
                // New here: a change heard since the OPEN registered counts (INVALIDATEs after creation advanced it).
                if (heard != null && heard[2] == login && heard[0] > cf.version()) {
                    cf.advanceVersion(heard[0]);
                    cf.setSize(heard[1]);
                }
            } else if (cf.login() != login || version > cf.version() || pushesHeard.get() == pushesBefore) {
                if (cf.version() != version) {
                    dropPages(cf, 0, Long.MAX_VALUE);
                }
                cf.setVersion(version, login);
                cf.setSize(cf.dirtyPages.isEmpty() ? size : Math.max(size, cf.size()));
            }
        }
        cf.path = ch.path();
        cf.channels.add(ch);
        return cf;
    }

    void detach(CageChannel ch) {
        CachedFile cf = ch.cachedFile();
        if (cf != null) {
            cf.channels.remove(ch);
        }
    }

    // ---- reads ----

    int read(CageChannel ch, long offset, byte[] dst, int off, int len) throws CageException {
        return read(ch, offset, dst, off, len, 0);
    }

    private int read(CageChannel ch, long offset, byte[] dst, int off, int len, int attempt) throws CageException {
        CachedFile cf = ch.cachedFile();
        long size = cf.size();
        if (len == 0 || offset >= size) {
            return 0;
        }
        int n = (int) Math.min(len, size - offset);
        long first = offset / pageSize;
        long last = (offset + n - 1) / pageSize;
        if (first == last) {
            // The common hit: one page, in the cache and current. No maps or lists (cage bench micro: they were most of
            // the bytes a hit allocated); anything else takes the general path below.
            Page page = lookup(key(cf, first));
            if (page != null && !page.isStale()) {
                hits.increment();
                page.read((int) (offset - first * pageSize), dst, off, n);
                ch.setLastReadEnd(offset + n);
                drainWriteBacks();
                return n;
            }
        }
        Map<Long, Page> found = new TreeMap<>();
        List<Long> missing = new ArrayList<>();
        long changesBefore = cf.changesHeard();
        for (long p = first; p <= last; p++) {
            Page page = lookup(key(cf, p));
            if (page == null || page.isStale()) {
                missing.add(p);
                misses.increment();
            } else {
                found.put(p, page);
                hits.increment();
            }
        }
        if (!missing.isEmpty() && offset == ch.lastReadEnd()) {
            // Sequential: fetch the next pages in the same round trip.
            long end = Math.min((size - 1) / pageSize, last + Math.min(READ_AHEAD_PAGES, pageCount / 8));
            for (long p = last + 1; p <= end; p++) {
                if (lookup(key(cf, p)) == null) {
                    missing.add(p);
                }
            }
        }
        boolean hadHits = !found.isEmpty();
        found.putAll(fetch(ch, cf, missing));
        if (hadHits && !missing.isEmpty() && cf.changesHeard() != changesBefore && attempt < TORN_READ_RETRIES) {
            // A change came in between taking pages from the cache and fetching the rest: the cached ones may be
            // older than the fetched ones, and together they would show the file as it never was. Read again.
            return read(ch, offset, dst, off, len, attempt + 1);
        }
        if (hadHits && !missing.isEmpty() && cf.changesHeard() != changesBefore
                && found.values().stream().noneMatch(Page::isDirty)) {
            // Still racing after the retries: read the range straight from the server (at one instant per frame).
            // With dirty pages the cached bytes are this client's own unpushed writes, which no one else sees yet.
            List<Transfers.Got> got = Transfers.read(ch, Transfers.split(offset, dst, off, n, ch.link().maxData()));
            int bytes = got.stream().mapToInt(Transfers.Got::bytes).sum();
            ch.setLastReadEnd(offset + bytes);
            return bytes;
        }
        int copied = 0;
        for (long p = first; p <= last; p++) {
            Page page = found.get(p);
            long pageStart = p * pageSize;
            int from = (int) (Math.max(offset, pageStart) - pageStart);
            int want = (int) (Math.min(offset + n, pageStart + pageSize) - pageStart) - from;
            page.read(from, dst, off + copied, want); // n is within the file's size, and bytes past a page's data are zeros
            copied += want;
        }
        ch.setLastReadEnd(offset + copied);
        drainWriteBacks();
        return copied;
    }

    /**
     * Fetches pages from the shared tier, else from the server; caches each one unless a newer change was announced
     * meanwhile.
     */
    private Map<Long, Page> fetch(CageChannel ch, CachedFile cf, List<Long> pageNos) throws CageException {
        Map<Long, Page> out = new TreeMap<>();
        if (pageNos.isEmpty()) {
            return out;
        }
        if (shared != null) {
            // The version read now is at least that of every write acknowledged before this read began (the
            // writer's acknowledgement waited for this client to take in the INVALIDATE, or this client opened the
            // file later); the entry under it holds the page exactly as it was at that version.
            long version = cf.version();
            Map<Long, byte[]> got = shared.get(tierName(cf), cf.fileId, pageSize, pageNos, version);
            if (!got.isEmpty()) {
                List<Long> rest = new ArrayList<>(pageNos.size() - got.size());
                for (long p : pageNos) {
                    byte[] bytes = got.get(p);
                    if (bytes == null || bytes.length > pageSize) {
                        rest.add(p);
                        continue;
                    }
                    clusterHits.increment();
                    out.put(p, install(cf, p, java.util.Arrays.copyOf(bytes, pageSize), bytes.length, version));
                }
                pageNos = rest;
                if (pageNos.isEmpty()) {
                    return out;
                }
            }
        }
        serverReads.add(pageNos.size());
        // Runs of consecutive pages are read as one request (up to a frame), so a cold read of several
        // pages sees the file at one instant, and costs fewer requests.
        int maxData = ch.link().maxData();
        List<Long> sorted = new ArrayList<>(pageNos);
        java.util.Collections.sort(sorted);
        int pagesPerRequest = Math.max(1, maxData / pageSize);
        List<Transfers.Segment> segments = new ArrayList<>();
        List<long[]> runs = new ArrayList<>(); // first page, page count, first segment index, segment count
        int i = 0;
        while (i < sorted.size()) {
            int j = i + 1;
            while (j < sorted.size() && sorted.get(j) == sorted.get(j - 1) + 1 && j - i < pagesPerRequest) {
                j++;
            }
            long firstPage = sorted.get(i);
            int count = j - i;
            byte[] buf = new byte[count * pageSize];
            List<Transfers.Segment> split = Transfers.split(firstPage * pageSize, buf, 0, buf.length, maxData);
            runs.add(new long[] {firstPage, count, segments.size(), split.size()});
            segments.addAll(split);
            i = j;
        }
        List<Transfers.Got> got = Transfers.read(ch, segments);
        for (long[] run : runs) {
            byte[] buf = segments.get((int) run[2]).buf();
            int bytes = 0;
            long version = Long.MAX_VALUE;
            long newest = Long.MIN_VALUE;
            for (int k = 0; k < run[3]; k++) {
                Transfers.Got g = got.get((int) run[2] + k);
                bytes += g.bytes();
                version = Math.min(version, g.version());
                newest = Math.max(newest, g.version());
            }
            // Shared only if every request of the run saw one version: then each page is the file's bytes at it.
            boolean share = shared != null && version == newest;
            for (int k = 0; k < run[1]; k++) {
                int inPage = Math.max(0, Math.min(pageSize, bytes - k * pageSize));
                byte[] pageBytes = java.util.Arrays.copyOfRange(buf, k * pageSize, (k + 1) * pageSize);
                long p = run[0] + k;
                if (share && version >= cf.version()) { // an older version could no longer be looked up
                    shared.put(tierName(cf), cf.fileId, pageSize, p, version, java.util.Arrays.copyOf(pageBytes, inPage));
                }
                out.put(p, install(cf, p, pageBytes, inPage, version));
            }
        }
        return out;
    }

    private Page install(CachedFile cf, long p, byte[] buf, int bytes, long version) {
        PageKey k = key(cf, p);
        synchronized (cf) {
            Page existing = lookup(k);
            if (existing != null) {
                if (existing.isStale()) {
                    existing.mergeFetched(buf, bytes);
                }
                return existing; // a concurrent write or fetch got there first; its bytes are as new
            }
            Page fresh = new Page(pageSize);
            fresh.mergeFetched(buf, bytes);
            if (version >= cf.version()) {
                cf.advanceVersion(version);
                pages.put(k, fresh);
            } else {
                fresh.markStale(); // overtaken by a change: fine for this call, refetched before any other use
            }
            return fresh;
        }
    }

    // ---- writes ----

    void write(CageChannel ch, long offset, byte[] src, int off, int len) throws CageException {
        if (!ch.mode().writable()) {
            throw new ReadOnlyChannelException("channel on '" + ch.path() + "' was opened " + ch.mode() + " and cannot write");
        }
        ch.requireOpen();
        if (len == 0) {
            return;
        }
        CachedFile cf = ch.cachedFile();
        long size = cf.size();
        long first = offset / pageSize;
        long last = (offset + len - 1) / pageSize;
        // Pages the write covers only in part must be read first; whole pages (or pages past the end) need not.
        List<Long> partial = new ArrayList<>(2);
        for (long p : new long[] {first, last}) {
            if (!partial.contains(p) && needsFetch(cf, p, offset, len, size)) {
                partial.add(p);
            }
        }
        Map<Long, Page> fetched = fetch(ch, cf, partial);
        for (long p = first; p <= last; p++) {
            long pageStart = p * pageSize;
            int from = (int) (Math.max(offset, pageStart) - pageStart);
            int to = (int) (Math.min(offset + len, pageStart + pageSize) - pageStart);
            // A page checked above may have been evicted since: retry until it is written into a page
            // that holds all its bytes. Fetching happens outside the file's monitor, which the event
            // loop needs for invalidations.
            while (!writeInto(cf, p, fetched.remove(p), from, to, src, off + (int) (pageStart + from - offset), size)) {
                fetched.putAll(fetch(ch, cf, List.of(p)));
            }
        }
        cf.grow(offset + len);
        drainWriteBacks();
    }

    /** Writes into the cached page, or into {@code fetched}, or a fresh page if nothing there is needed; false if it must be fetched. */
    private boolean writeInto(CachedFile cf, long p, Page fetched, int from, int to, byte[] src, int srcOff, long size) {
        PageKey k = key(cf, p);
        synchronized (cf) {
            Page page = lookup(k);
            if (page == null) {
                page = fetched;
            }
            if (page == null) {
                long pageStart = p * pageSize;
                boolean whole = pageStart >= size || (from == 0 && pageStart + to >= Math.min(size, pageStart + pageSize));
                if (!whole) {
                    return false;
                }
                page = new Page(pageSize);
            }
            page.write(from, src, srcOff, to - from);
            cf.dirtyPages.add(p);
            if (pages.getIfPresent(k) != page) {
                pages.put(k, page);
            }
            return true;
        }
    }

    private boolean needsFetch(CachedFile cf, long p, long offset, int len, long size) {
        long pageStart = p * pageSize;
        Page cached = lookup(key(cf, p));
        if (cached != null && !cached.isStale()) {
            return false;
        }
        if (pageStart >= size) {
            return false; // nothing on the server yet
        }
        boolean coversStart = offset <= pageStart;
        boolean coversEnd = offset + len >= Math.min(size, pageStart + pageSize);
        return !(coversStart && coversEnd);
    }

    // ---- pushing ----

    /**
     * Pushes every dirty page of a file through one of its open channels. Dirty bytes that run on from one
     * page into the next are sent as one write (up to a frame), so a large write reaches the server whole.
     */
    void push(CachedFile cf) throws CageException {
        CageChannel ch = cf.pushChannel();
        if (ch == null || cf.dirtyPages.isEmpty()) {
            return;
        }
        List<Long> dirty = new ArrayList<>(cf.dirtyPages);
        java.util.Collections.sort(dirty);
        List<Long> batch = new ArrayList<>();
        List<Page> batchPages = new ArrayList<>();
        for (long p : dirty) {
            Page page = lookup(key(cf, p));
            if (page == null || !page.isDirty()) {
                cf.dirtyPages.remove(p);
                continue;
            }
            batch.add(p);
            batchPages.add(page);
            if (batch.size() >= 256) {
                pushPages(ch, cf, batch, batchPages);
                batch.clear();
                batchPages.clear();
            }
        }
        pushPages(ch, cf, batch, batchPages);
    }

    void pushAll() throws CageException {
        drainWriteBacks();
        for (Map<Long, CachedFile> byId : files.values()) {
            for (CachedFile cf : byId.values()) {
                push(cf);
            }
        }
    }

    private void pushPages(CageChannel ch, CachedFile cf, List<Long> pageNos, List<Page> pageList) throws CageException {
        if (pageNos.isEmpty()) {
            return;
        }
        List<List<Page.Range>> taken = new ArrayList<>(pageList.size());
        for (Page page : pageList) {
            taken.add(page.takeDirty());
        }
        try {
            long version = Transfers.write(ch, coalesce(pageNos, taken, ch.link().maxData()));
            cf.advanceVersion(version);
            writeBacks.add(pageNos.size());
        } catch (CageException | RuntimeException e) {
            for (int i = 0; i < pageList.size(); i++) {
                pageList.get(i).restoreDirty(taken.get(i));
            }
            throw e;
        }
        for (int i = 0; i < pageList.size(); i++) {
            if (!pageList.get(i).isDirty()) {
                cf.dirtyPages.remove(pageNos.get(i));
            }
        }
    }

    /** Joins ranges that touch across page boundaries into writes of at most a frame's data. */
    private List<Transfers.Segment> coalesce(List<Long> pageNos, List<List<Page.Range>> ranges, int maxData) {
        List<Transfers.Segment> out = new ArrayList<>();
        java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
        long runStart = -1;
        for (int i = 0; i < pageNos.size(); i++) {
            long base = pageNos.get(i) * pageSize;
            for (Page.Range r : ranges.get(i)) {
                long at = base + r.offset();
                boolean joins = runStart >= 0 && at == runStart + run.size() && run.size() + r.bytes().length <= maxData;
                if (!joins && runStart >= 0) {
                    byte[] b = run.toByteArray();
                    out.add(new Transfers.Segment(runStart, b, 0, b.length));
                    run.reset();
                }
                if (!joins) {
                    runStart = at;
                }
                run.write(r.bytes(), 0, r.bytes().length);
            }
        }
        if (runStart >= 0) {
            byte[] b = run.toByteArray();
            out.add(new Transfers.Segment(runStart, b, 0, b.length));
        }
        // A page larger than a frame gives ranges larger than a frame: those are cut to size.
        List<Transfers.Segment> sized = new ArrayList<>(out.size());
        for (Transfers.Segment s : out) {
            sized.addAll(s.len() <= maxData ? List.of(s) : Transfers.split(s.offset(), s.buf(), s.off(), s.len(), maxData));
        }
        return sized;
    }

    private void pushPage(CageChannel ch, CachedFile cf, long p, Page page) throws CageException {
        pushPages(ch, cf, List.of(p), List.of(page));
    }

    /** Writes back the dirty pages eviction took out, on the thread whose call evicted them. */
    private void drainWriteBacks() throws CageException {
        PageKey k;
        while ((k = toWriteBack.poll()) != null) {
            Page page = writingBack.get(k);
            if (page == null) {
                continue;
            }
            CachedFile cf = file(k.server(), k.fileId());
            CageChannel ch = cf == null ? null : cf.pushChannel();
            if (ch != null && page.isDirty()) {
                try {
                    pushPage(ch, cf, k.pageNo(), page);
                } catch (CageException e) {
                    toWriteBack.add(k); // kept, and tried again by the next call
                    throw e;
                }
            }
            writingBack.remove(k, page);
        }
    }

    // ---- invalidation and truncation ----

    /**
     * The server says, on {@code login}, that another client changed [offset, offset+length) of a file; runs on the
     * event loop. A push from an earlier login (it can still arrive after logging in again) drops the pages but moves
     * neither version nor size: they count in that login's versions.
     */
    void invalidate(String server, long login, long fileId, long offset, long length, long version, long size) {
        pushesHeard.incrementAndGet();
        CachedFile cf;
        synchronized (heardBeforeAttach) {
            cf = file(server, fileId);
            if (cf == null) {
                heardBeforeAttach.computeIfAbsent(server, s -> new java.util.HashMap<>())
                    .merge(fileId, new long[] {version, size, login}, PageCache::newerHeard);
                return;
            }
        }
        synchronized (cf) {
            dropPages(cf, offset, length);
            cf.heardChange();
            if (cf.login() == login) {
                cf.advanceVersion(version);
                cf.setSize(cf.dirtyPages.isEmpty() ? size : Math.max(size, cf.size()));
            }
        }
    }

    /**
     * What a follower-read channel learned from its member, on {@code login}, right before a read ({@link Cage#read}):
     * the file's version and size as of a moment after the read began. Pages of another version go; pages of this
     * version are current, so the read may be served from them without waiting for a push, which a member that does
     * not lead never holds an acknowledgement back for. As at {@link #attach}: on the same login a version older than
     * the one held is not news (versions only grow on one member); on another login (another member) any other
     * version is, since a member can number a file its own way (after repairing it, say).
     */
    void revalidate(CachedFile cf, long login, long version, long size) {
        synchronized (cf) {
            if (cf.login() == login && version <= cf.version()) {
                return;
            }
            if (version != cf.version()) {
                dropPages(cf, 0, Long.MAX_VALUE);
                cf.heardChange();
            }
            cf.setVersion(version, login);
            cf.setSize(size);
        }
    }

    /** How many INVALIDATE pushes this cache has heard; see {@link #attach}. */
    long pushesHeard() {
        return pushesHeard.get();
    }

    /** Of two changes heard for a file not attached yet: the later login's, and of one login's the newer. */
    private static long[] newerHeard(long[] a, long[] b) {
        if (a[2] != b[2]) {
            return a[2] > b[2] ? a : b; // a push from an earlier login can arrive late
        }
        return a[0] >= b[0] ? a : b;
    }

    /** This client's own change (a commit's reply), heard on the login the file's version is counted in. */
    void changedHere(String server, long fileId, long offset, long length, long version, long size) {
        CachedFile cf = file(server, fileId);
        if (cf != null) {
            invalidate(server, cf.login(), fileId, offset, length, version, size);
        }
    }

    /** After this client truncated a file to {@code size}: cuts the page holding the end, drops those after. */
    void truncated(CachedFile cf, long size, long version) {
        synchronized (cf) {
            for (PageKey k : keysOf(cf)) {
                Page page = lookup(k);
                long pageStart = k.pageNo() * pageSize;
                if (page == null) {
                    continue;
                }
                if (pageStart >= size) {
                    discard(k);
                    cf.dirtyPages.remove(k.pageNo());
                } else if (size - pageStart < pageSize) {
                    page.cut((int) (size - pageStart));
                }
            }
            cf.setSize(size);
            cf.advanceVersion(version);
        }
    }

    /** Drops clean pages of the range; dirty ones keep their own bytes and refetch the rest on next read. */
    private void dropPages(CachedFile cf, long offset, long length) {
        long first = offset / pageSize;
        long last = length == Long.MAX_VALUE || offset + length < 0 ? Long.MAX_VALUE : (offset + length - 1) / pageSize;
        List<PageKey> candidates;
        if (last - first < 64) {
            candidates = new ArrayList<>();
            for (long p = first; p <= last; p++) {
                candidates.add(key(cf, p)); // a small range: look its pages up instead of scanning the cache
            }
        } else {
            candidates = keysOf(cf);
        }
        for (PageKey k : candidates) {
            if (k.pageNo() < first || k.pageNo() > last) {
                continue;
            }
            Page page = lookup(k);
            if (page == null) {
                continue;
            }
            if (page.isDirty()) {
                page.markStale();
            } else {
                discard(k);
            }
            invalidations.increment();
        }
    }

    private void discard(PageKey k) {
        pages.invalidate(k);
        writingBack.remove(k);
    }

    private List<PageKey> keysOf(CachedFile cf) {
        List<PageKey> out = new ArrayList<>();
        for (PageKey k : pages.asMap().keySet()) {
            if (k.fileId() == cf.fileId && k.server().equals(cf.server)) {
                out.add(k);
            }
        }
        for (PageKey k : writingBack.keySet()) {
            if (k.fileId() == cf.fileId && k.server().equals(cf.server)) {
                out.add(k);
            }
        }
        return out;
    }

    private Page lookup(PageKey k) {
        Page p = pages.getIfPresent(k);
        return p != null ? p : writingBack.get(k);
    }

    private CachedFile file(String server, long fileId) {
        Map<Long, CachedFile> byId = files.get(server);
        return byId == null ? null : byId.get(fileId);
    }

    private String tierName(CachedFile cf) {
        return tierNames.apply(cf.server);
    }

    private static PageKey key(CachedFile cf, long p) {
        return new PageKey(cf.server, cf.fileId, p);
    }

    // ---- hibernation ----

    /** The files the cache knows, as the dump records them. */
    List<HibernationDump.FileEntry> fileEntries() {
        List<HibernationDump.FileEntry> out = new ArrayList<>();
        for (Map<Long, CachedFile> byId : files.values()) {
            for (CachedFile cf : byId.values()) {
                if (cf.path != null) {
                    out.add(new HibernationDump.FileEntry(cf.server, cf.fileId, cf.version(), cf.size(), cf.path));
                }
            }
        }
        return out;
    }

    /** Every page, clean and dirty, copied. */
    List<HibernationDump.PageEntry> pageEntries() {
        List<HibernationDump.PageEntry> out = new ArrayList<>();
        pages.asMap().forEach((k, p) -> out.add(p.toEntry(k)));
        writingBack.forEach((k, p) -> out.add(p.toEntry(k)));
        out.sort(java.util.Comparator.comparing(HibernationDump.PageEntry::server)
            .thenComparingLong(HibernationDump.PageEntry::fileId).thenComparingLong(HibernationDump.PageEntry::pageNo));
        return out;
    }

    /**
     * Puts pages from a dump back, for a file now at {@code version}. Pages of a file whose version moved
     * on are marked stale if dirty (their own bytes stay, the rest is fetched again before use).
     */
    void restore(HibernationDump.FileEntry f, long version, List<HibernationDump.PageEntry> entries, boolean changed) {
        CachedFile cf = files.computeIfAbsent(f.server(), s -> new ConcurrentHashMap<>())
            .computeIfAbsent(f.fileId(), id -> new CachedFile(f.server(), id, version, 0, f.size()));
        synchronized (cf) {
            if (cf.path == null) {
                cf.path = f.path();
            }
            for (HibernationDump.PageEntry e : entries) {
                Page page = Page.restored(pageSize, e.data(), e.length(), e.dirty(), e.stale() || (changed && e.isDirty()));
                pages.put(key(cf, e.pageNo()), page);
                if (e.isDirty()) {
                    cf.dirtyPages.add(e.pageNo());
                    cf.grow(e.pageNo() * pageSize + e.dirty().get(e.dirty().size() - 1)[1]);
                }
            }
        }
    }

    TierStats tierStats() {
        long[] member = shared == null ? new long[3] : shared.memberStats();
        return new TierStats(hits.sum(), clusterHits.sum(), serverReads.sum(), evictions.sum(), invalidations.sum(),
            shared == null ? 0 : shared.published(), shared == null ? 0 : shared.errors(), member[0], member[1], member[2]);
    }

    void closeShared() {
        if (shared != null) {
            shared.close();
        }
    }

    CacheStats stats() {
        long count = pages.estimatedSize() + writingBack.size();
        long bytes = 0;
        for (Page p : pages.asMap().values()) {
            bytes += p.length();
        }
        for (Page p : writingBack.values()) {
            bytes += p.length();
        }
        return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), writeBacks.sum(), invalidations.sum(), bytes, count);
    }
}
