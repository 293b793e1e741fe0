package dev.cage.cache;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The never-stale checker the coherence tests share. A file of {@code blocks} blocks, each starting with an 8-byte
 * sequence number. Writers stamp blocks with the next sequence and push; once the push returns, that sequence is
 * acknowledged. A reader notes a block's highest acknowledged sequence before it reads, and must read that one or a
 * newer one. Writers take turns (one lock), so a block's sequence only grows.
 */
final class SequenceChecker {
    private final String file;
    private final int blocks;
    private final int page;
    private final AtomicLongArray acknowledged;
    private final AtomicLong checkedReads = new AtomicLong();

    SequenceChecker(String file, int blocks, int page) {
        this.file = file;
        this.blocks = blocks;
        this.page = page;
        this.acknowledged = new AtomicLongArray(blocks);
    }

    /** Creates the file, all zeros, through {@code setup}. */
    void create(Cage setup) throws Exception {
        CageChannel ch = setup.open("s", file, OpenMode.SHARED_WRITE, true);
        setup.write(ch, 0, new byte[blocks * page]);
        setup.close(ch);
    }

    /**
     * Up to {@code ops} writes before {@code deadline} ({@link System#nanoTime}), each stamping one block or, with
     * {@code maxSpan} 2, sometimes two neighbours in one write (a multi-page run). With {@code readsToo} the writer
     * reads a random block before each write, so its own tiers see a file that keeps changing.
     */
    Void write(Cage c, Random rnd, int ops, int maxSpan, boolean readsToo, long deadline) throws Exception {
        CageChannel ch = c.open("s", file, OpenMode.SHARED_WRITE);
        for (int i = 0; i < ops && System.nanoTime() - deadline < 0; i++) {
            if (readsToo) {
                c.read(ch, (long) rnd.nextInt(blocks) * page, 8);
            }
            int span = 1 + rnd.nextInt(maxSpan);
            int first = rnd.nextInt(blocks - span + 1);
            synchronized (acknowledged) {
                // Between the stamps the file is all zeros, as the write's own zeros keep it.
                ByteBuffer data = ByteBuffer.allocate((span - 1) * page + 8);
                long[] seqs = new long[span];
                for (int k = 0; k < span; k++) {
                    seqs[k] = acknowledged.get(first + k) + 1;
                    data.putLong(k * page, seqs[k]);
                }
                c.write(ch, (long) first * page, data.array());
                c.putPages(ch);
                for (int k = 0; k < span; k++) {
                    acknowledged.set(first + k, seqs[k]);
                }
            }
        }
        c.close(ch);
        return null;
    }

    /** Up to {@code reads} checked reads of random blocks before {@code deadline}; a stale one throws. */
    Void read(Cage c, Random rnd, int reads, long deadline) throws Exception {
        CageChannel ch = c.open("s", file, OpenMode.SHARED_READ);
        for (int i = 0; i < reads && System.nanoTime() - deadline < 0; i++) {
            int block = rnd.nextInt(blocks);
            long floor = acknowledged.get(block);
            dev.cage.client.TierStats before = c.tierStats();
            long seen = ByteBuffer.wrap(c.read(ch, (long) block * page, 8)).getLong();
            if (seen < floor) {
                dev.cage.client.TierStats after = c.tierStats();
                throw new AssertionError("block " + block + ": read sequence " + seen + " after " + floor
                    + " was acknowledged (this read: local hits +" + (after.localHits() - before.localHits())
                    + ", cluster hits +" + (after.clusterHits() - before.clusterHits()) + ", server reads +"
                    + (after.serverReads() - before.serverReads()) + ", invalidations +"
                    + (after.invalidations() - before.invalidations()) + ")");
            }
            checkedReads.incrementAndGet();
        }
        c.close(ch);
        return null;
    }

    long acknowledged(int block) {
        return acknowledged.get(block);
    }

    long checkedReads() {
        return checkedReads.get();
    }

    int blocks() {
        return blocks;
    }

    int page() {
        return page;
    }
}
