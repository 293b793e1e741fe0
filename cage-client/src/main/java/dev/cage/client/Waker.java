package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.message.ChecksumsReply;
import dev.cage.protocol.message.ChecksumsRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a {@link Cage} back from a hibernation dump: reopens the channels, keeps the clean pages that are
 * still current (all pages of a file whose version is unchanged; page by page, by digest, for a file that
 * changed), and pushes the dirty pages through the reopened channels.
 */
final class Waker {
    private static final System.Logger LOG = System.getLogger(Waker.class.getName());
    private static final int DIGEST_BYTES = ChecksumsReply.DIGEST_BYTES;

    private final Cage cage;
    private final PageCache cache;
    private final List<CageChannel> woken = new ArrayList<>();
    private int reopened;
    private int lost;
    private long kept;
    private long dropped;
    private long sent;
    private long unsent;

    Waker(Cage cage, PageCache cache) {
        this.cage = cage;
        this.cache = cache;
    }

    List<CageChannel> woken() {
        return woken;
    }

    WakeReport wake(HibernationDump.Contents dump) {
        Map<String, CageChannel> byFile = reopenChannels(dump.channels());
        Map<String, List<HibernationDump.PageEntry>> pagesByFile = new HashMap<>();
        for (HibernationDump.PageEntry p : dump.pages()) {
            pagesByFile.computeIfAbsent(key(p.server(), p.fileId()), k -> new ArrayList<>()).add(p);
        }
        for (HibernationDump.FileEntry f : dump.files()) {
            List<HibernationDump.PageEntry> pages = pagesByFile.getOrDefault(key(f.server(), f.fileId()), List.of());
            restoreFile(f, pages, byFile.get(key(f.server(), f.fileId())));
        }
        for (CageChannel ch : byFile.values()) {
            try {
                long dirty = ch.cachedFile().dirtyPages.size();
                cage.putPages(ch);
                sent += dirty;
            } catch (CageException e) {
                LOG.log(System.Logger.Level.WARNING, "after waking, pushing the dirty pages of " + ch + " failed: " + e.getMessage());
            }
        }
        return new WakeReport(true, null, reopened, lost, kept, dropped, sent, unsent);
    }

    private Map<String, CageChannel> reopenChannels(List<HibernationDump.ChannelEntry> channels) {
        Map<String, CageChannel> byFile = new HashMap<>();
        for (HibernationDump.ChannelEntry e : channels) {
            if (!cage.servers().contains(e.server())) {
                lost++;
                continue;
            }
            try {
                CageChannel ch = cage.open(e.server(), e.path(), e.mode());
                ch.position(e.position());
                woken.add(ch);
                reopened++;
                if (ch.cachedFile() != null && ch.cachedFile().fileId == e.fileId()) {
                    byFile.put(key(e.server(), e.fileId()), ch);
                }
            } catch (java.io.IOException ex) {
                lost++;
                LOG.log(System.Logger.Level.WARNING, "could not reopen " + e.server() + ":" + e.path() + " " + e.mode()
                    + " after hibernation: " + ex.getMessage());
            }
        }
        return byFile;
    }

    private void restoreFile(HibernationDump.FileEntry f, List<HibernationDump.PageEntry> pages, CageChannel via) {
        List<HibernationDump.PageEntry> clean = pages.stream().filter(p -> !p.isDirty()).toList();
        List<HibernationDump.PageEntry> dirty = pages.stream().filter(HibernationDump.PageEntry::isDirty).toList();
        if (!cage.servers().contains(f.server())) {
            dropped += clean.size();
            unsent += dirty.size();
            return;
        }
        CageChannel temp = null;
        try {
            long current = via != null ? via.cachedFile().version() : cage.stat(f.server(), f.path()).version();
            List<HibernationDump.PageEntry> keep = clean;
            if (current != f.version() && !clean.isEmpty()) {
                CageChannel ch = via;
                if (ch == null) {
                    ch = temp = cage.openUncached(f.server(), f.path(), OpenMode.SHARED_READ);
                }
                keep = stillCurrent(ch, clean);
            }
            List<HibernationDump.PageEntry> restore = new ArrayList<>(keep);
            if (via != null) {
                restore.addAll(dirty);
            } else {
                unsent += dirty.size();
            }
            cache.restore(f, current, restore, current != f.version());
            kept += keep.size();
            dropped += clean.size() - keep.size();
        } catch (CageException e) {
            dropped += clean.size();
            unsent += via == null ? dirty.size() : 0;
            LOG.log(System.Logger.Level.WARNING, "dropped the cached pages of " + f.server() + ":" + f.path()
                + " after hibernation: " + e.getMessage());
        } finally {
            if (temp != null) {
                cage.closeUncached(temp);
            }
        }
    }

    /** The pages whose bytes the server still has, judged by a digest of each page computed on both sides. */
    private List<HibernationDump.PageEntry> stillCurrent(CageChannel ch, List<HibernationDump.PageEntry> pages)
        throws CageException {
        List<HibernationDump.PageEntry> keep = new ArrayList<>();
        int pageSize = cache.pageSize();
        int perRequest = ChecksumsRequest.maxPages(pageSize);
        for (int from = 0; from < pages.size(); from += perRequest) {
            List<HibernationDump.PageEntry> batch = pages.subList(from, Math.min(pages.size(), from + perRequest));
            List<Long> pageNos = batch.stream().map(HibernationDump.PageEntry::pageNo).toList();
            Frame reply = ch.link().call(() -> new ChecksumsRequest(ch.handle(), pageSize, pageNos), true);
            List<ChecksumsReply.Page> theirs;
            try {
                theirs = ChecksumsReply.decode(reply.body(), batch.size()).pages();
            } finally {
                reply.release();
            }
            for (int i = 0; i < batch.size(); i++) {
                HibernationDump.PageEntry p = batch.get(i);
                if (theirs.get(i).length() == p.length() && Arrays.equals(theirs.get(i).digest(), digest(p))) {
                    keep.add(p);
                }
            }
        }
        return keep;
    }

    private static byte[] digest(HibernationDump.PageEntry p) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(p.data(), 0, p.length());
            return Arrays.copyOf(sha.digest(), DIGEST_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String key(String server, long fileId) {
        return server + "\u0000" + fileId;
    }
}
