package dev.cage.client;

import java.util.ArrayList;
import java.util.List;

/**
 * One cached page: a fixed-size slice of a file. {@code length} bytes were fetched or written; the
 * rest of {@code data} is always zero, so a page inside a hole or grown by a truncate reads correctly. A dirty page remembers exactly which byte ranges this client
 * wrote, so pushing it never overwrites bytes another client changed in the same page.
 *
 * <p>Threads: every field is guarded by the page's own monitor.
 */
final class Page {
    final byte[] data;
    private int length;
    /** Sorted, disjoint, non-adjacent [from, to) ranges written here and not yet pushed. */
    private final List<int[]> dirty = new ArrayList<>(2);
    /** Another client changed this page while it was dirty: bytes outside {@code dirty} are old. */
    private boolean stale;

    Page(int pageSize) {
        this(new byte[pageSize]);
    }

    private Page(byte[] data) {
        this.data = data;
    }

    /**
     * A page as a hibernation dump kept it. Takes {@code bytes} over when it is a whole page (reading a dump gives
     * every page its own array, used for nothing else), so waking copies no page a second time; bytes past
     * {@code length} are zeroed, as in every page.
     */
    static Page restored(int pageSize, byte[] bytes, int length, List<int[]> dirtyRanges, boolean stale) {
        Page p;
        if (bytes.length == pageSize) {
            p = new Page(bytes);
            java.util.Arrays.fill(bytes, length, pageSize, (byte) 0);
        } else {
            p = new Page(pageSize);
            System.arraycopy(bytes, 0, p.data, 0, length);
        }
        p.length = length;
        for (int[] r : dirtyRanges) {
            p.addDirty(r[0], r[1]);
        }
        p.stale = stale;
        return p;
    }

    /** What a hibernation dump keeps of this page, copied under its monitor. */
    synchronized HibernationDump.PageEntry toEntry(PageKey k) {
        List<int[]> ranges = new ArrayList<>(dirty.size());
        for (int[] r : dirty) {
            ranges.add(r.clone());
        }
        return new HibernationDump.PageEntry(k.server(), k.fileId(), k.pageNo(), stale, ranges, data.clone(), length);
    }

    synchronized int length() {
        return length;
    }

    synchronized void setLength(int n) {
        length = n;
    }

    synchronized boolean isDirty() {
        return !dirty.isEmpty();
    }

    synchronized boolean isStale() {
        return stale;
    }

    synchronized void markStale() {
        stale = true;
    }

    /** Copies {@code n} bytes in at {@code at} and records them as dirty. */
    synchronized void write(int at, byte[] src, int from, int n) {
        System.arraycopy(src, from, data, at, n);
        length = Math.max(length, at + n);
        addDirty(at, at + n);
    }

    synchronized void read(int at, byte[] dst, int to, int n) {
        System.arraycopy(data, at, dst, to, n);
    }

    /** Bytes fetched from the server replace everything but this client's own unpushed writes. */
    synchronized void mergeFetched(byte[] fetched, int fetchedLength) {
        byte[] mine = data.clone();
        java.util.Arrays.fill(data, fetchedLength, data.length, (byte) 0); // past the file's end reads as zeros
        System.arraycopy(fetched, 0, data, 0, fetchedLength);
        int end = fetchedLength;
        for (int[] r : dirty) {
            System.arraycopy(mine, r[0], data, r[0], r[1] - r[0]);
            end = Math.max(end, r[1]);
        }
        length = end;
        stale = false;
    }

    /** The dirty ranges and their bytes, cleared: the caller pushes them, or {@link #restoreDirty} on failure. */
    synchronized List<Range> takeDirty() {
        List<Range> out = new ArrayList<>(dirty.size());
        for (int[] r : dirty) {
            byte[] bytes = new byte[r[1] - r[0]];
            System.arraycopy(data, r[0], bytes, 0, bytes.length);
            out.add(new Range(r[0], bytes));
        }
        dirty.clear();
        return out;
    }

    synchronized void restoreDirty(List<Range> ranges) {
        for (Range r : ranges) {
            addDirty(r.offset(), r.offset() + r.bytes().length);
        }
    }

    /** Cuts the page at {@code n} bytes (a truncate), dropping dirty bytes past the cut. */
    synchronized void cut(int n) {
        java.util.Arrays.fill(data, n, data.length, (byte) 0); // a later growth must read zeros here
        length = Math.min(length, n);
        dirty.removeIf(r -> r[0] >= n);
        for (int[] r : dirty) {
            r[1] = Math.min(r[1], n);
        }
    }

    /** A dirty range's position in the page and its bytes. */
    record Range(int offset, byte[] bytes) {
    }

    private void addDirty(int from, int to) {
        int[] merged = {from, to};
        List<int[]> next = new ArrayList<>(dirty.size() + 1);
        boolean placed = false;
        for (int[] r : dirty) {
            if (r[1] < merged[0]) {
                next.add(r);
            } else if (merged[1] < r[0]) {
                if (!placed) {
                    next.add(merged);
                    placed = true;
                }
                next.add(r);
            } else {
                merged[0] = Math.min(merged[0], r[0]);
                merged[1] = Math.max(merged[1], r[1]);
            }
        }
        if (!placed) {
            next.add(merged);
        }
        dirty.clear();
        dirty.addAll(next);
    }
}
