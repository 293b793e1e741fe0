package dev.cage.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * Measures one workload on one column. Set-up that is not the workload (opening readers for every thread,
 * a short warm-up, checksums of what was read) stays outside the timed part; opening and closing the file
 * in the sequential workloads is inside it, as it is part of moving a file. Every byte read is checked
 * against {@link Content}, so a broken column fails instead of reporting a fast figure.
 */
final class Workloads {
    static final String FILE = "bench-seq.bin";
    static final int POINT = 4096;
    private static final double MIB = 1 << 20;
    private static final double GIB = 1 << 30;
    /** The side figure of the sequential workloads: CPU seconds (user + system, both ends) per GiB moved. */
    static final String CPU_PER_GIB = "CPU s/GiB";
    /** The side figure of the other workloads: CPU microseconds (both ends) per read or per file. */
    static final String CPU_PER_OP = "CPU µs/op";
    private final long size;
    private final int files;
    private final int randomReads;
    private final Content content;
    private final Progress progress;
    private final int rounds;
    private final Map<Integer, Long> checksums = new ConcurrentHashMap<>();

    Workloads(long size, int files, int randomReads, int rounds, Content content, Progress progress) {
        if (size < POINT) {
            throw new IllegalArgumentException("the file must hold at least one 4 KiB read, not " + size + " bytes");
        }
        this.size = size;
        this.files = files;
        this.randomReads = randomReads;
        this.rounds = rounds;
        this.content = content;
        this.progress = progress;
    }

    Measurement run(Workload w, Column c, int round) throws Exception {
        progress.begin(round, rounds, w, c, switch (w) {
            case SEQ_WRITE, SEQ_READ -> size;
            case RANDOM_QD1, RANDOM_QD32 -> randomReads;
            case SMALL_FILES -> 2L * files;
        });
        Measurement m = switch (w) {
            case SEQ_WRITE -> sequentialWrite(c, round, true);
            case SEQ_READ -> sequentialRead(c, round, true);
            case RANDOM_QD1 -> randomReads(c, round, 1);
            case RANDOM_QD32 -> randomReads(c, round, 32);
            case SMALL_FILES -> smallFiles(c, round);
        };
        progress.end();
        return m;
    }

    /** Writes the round's file without reporting, for reads when the write workload was not chosen. */
    void prepareFile(Column c, int round) throws Exception {
        sequentialWrite(c, round, false);
    }

    /** Reads the round's file back and checks it, untimed, when the read workload was not chosen. */
    void verifyFile(Column c, int round) throws Exception {
        sequentialRead(c, round, false);
    }

    private Measurement sequentialWrite(Column c, int round, boolean report) throws Exception {
        Content.Cursor blocks = content.cursor();
        long start = System.nanoTime();
        long cpu = CpuClock.nanos();
        Column.SequentialWriter w = c.writer(FILE, size);
        try {
            for (long at = 0; at < size; at += Content.BLOCK) {
                int len = Content.length(size, at);
                w.write(blocks.block(round, at / Content.BLOCK), 0, len);
                if (report) {
                    progress.advance(len);
                }
            }
        } finally {
            w.close();
        }
        long nanos = System.nanoTime() - start;
        cpu = CpuClock.nanos() - cpu;
        if (w.receivedChecksum().isPresent() && w.receivedChecksum().getAsLong() != expectedChecksum(round)) {
            throw new CorruptDataException(c.title() + " received other bytes than were written");
        }
        return new Measurement(size / MIB / seconds(nanos), Map.of(CPU_PER_GIB, cpu / 1e9 / (size / GIB)));
    }

    private Measurement sequentialRead(Column c, int round, boolean report) throws Exception {
        byte[] buf = new byte[Content.BLOCK];
        CRC32C crc = new CRC32C();
        long total = 0;
        long start = System.nanoTime();
        long cpuStart = CpuClock.nanos();
        Column.SequentialReader r = c.reader(FILE, size, round);
        long nanos = System.nanoTime() - start;
        long cpu = CpuClock.nanos() - cpuStart;
        try {
            while (total < size) {
                int want = Content.length(size, total);
                int filled = 0;
                long t = System.nanoTime();
                long tc = CpuClock.nanos();
                while (filled < want) {
                    int n = r.read(buf, filled, want - filled);
                    if (n < 0) {
                        throw new CorruptDataException(c.title() + " ended the file at " + (total + filled) + " of " + size + " bytes");
                    }
                    filled += n;
                }
                nanos += System.nanoTime() - t;
                cpu += CpuClock.nanos() - tc;
                crc.update(buf, 0, filled); // checksumming is not the column's work: untimed
                total += filled;
                if (report) {
                    progress.advance(filled);
                }
            }
        } finally {
            long t = System.nanoTime();
            long tc = CpuClock.nanos();
            r.close();
            nanos += System.nanoTime() - t;
            cpu += CpuClock.nanos() - tc;
        }
        if (crc.getValue() != expectedChecksum(round)) {
            throw new CorruptDataException(c.title() + " read back other bytes than were written (CRC-32C "
                + Long.toHexString(crc.getValue()) + ", expected " + Long.toHexString(expectedChecksum(round)) + ")");
        }
        return new Measurement(size / MIB / seconds(nanos), Map.of(CPU_PER_GIB, cpu / 1e9 / (size / GIB)));
    }

    private Measurement randomReads(Column c, int round, int depth) throws Exception {
        long[] offsets = offsets(round, depth, randomReads);
        try (Column.RandomReads rr = c.randomReads(FILE, round, depth)) {
            Column.PointReader[] readers = new Column.PointReader[depth];
            try {
                for (int t = 0; t < depth; t++) {
                    readers[t] = rr.forThread(t);
                }
                return timedReads(c, round, depth, readers, offsets);
            } finally {
                for (Column.PointReader r : readers) {
                    if (r != null) {
                        r.close();
                    }
                }
            }
        }
    }

    private Measurement timedReads(Column c, int round, int depth, Column.PointReader[] readers, long[] offsets)
        throws Exception {
        long[] latencies = new long[randomReads];
        AtomicReference<Exception> failure = new AtomicReference<>();
        warmUp(c, round, readers[0], offsets);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[depth];
        for (int t = 0; t < depth; t++) {
            int id = t;
            threads[t] = new Thread(() -> readSlice(c, round, readers[id], offsets, latencies, id, depth, go, failure),
                "bench-reader-" + t);
            threads[t].start();
        }
        long start = System.nanoTime();
        long cpu = CpuClock.nanos();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long nanos = System.nanoTime() - start;
        cpu = CpuClock.nanos() - cpu;
        if (failure.get() != null) {
            throw failure.get();
        }
        Arrays.sort(latencies);
        Map<String, Double> extras = new LinkedHashMap<>();
        extras.put("p50 µs", Stats.percentile(latencies, 50) / 1e3);
        extras.put("p99 µs", Stats.percentile(latencies, 99) / 1e3);
        extras.put(CPU_PER_OP, cpu / 1e3 / randomReads);
        return new Measurement(randomReads / seconds(nanos), extras);
    }

    private void readSlice(Column c, int round, Column.PointReader reader, long[] offsets, long[] latencies, int first,
                           int step, CountDownLatch go, AtomicReference<Exception> failure) {
        byte[] dst = new byte[POINT];
        try {
            go.await();
            for (int i = first; i < offsets.length && failure.get() == null; i += step) {
                long t = System.nanoTime();
                reader.read(offsets[i], dst);
                latencies[i] = System.nanoTime() - t;
                if (!content.matches(round, offsets[i], dst)) {
                    throw new CorruptDataException(c.title() + " returned wrong bytes for the 4 KiB at " + offsets[i]);
                }
                progress.advance(1);
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    /** A tenth of the reads, at most 2,000, untimed: JIT compilation and first-touch costs are not the column's. */
    private void warmUp(Column c, int round, Column.PointReader reader, long[] offsets) throws Exception {
        byte[] dst = new byte[POINT];
        for (int i = 0; i < Math.min(2000, offsets.length / 10); i++) {
            long at = offsets[offsets.length - 1 - i];
            reader.read(at, dst);
            if (!content.matches(round, at, dst)) {
                throw new CorruptDataException(c.title() + " returned wrong bytes for the 4 KiB at " + at);
            }
        }
    }

    /** The same 4 KiB-aligned offsets for every column in a round, so all read the same places. */
    private long[] offsets(int round, int depth, int n) {
        Random r = new Random(round * 1_000_003L + depth);
        long slots = size / POINT;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = (long) (r.nextDouble() * slots) * POINT;
        }
        return out;
    }

    private Measurement smallFiles(Column c, int round) throws Exception {
        String dir = "small-r" + round;
        byte[] data = new byte[POINT];
        content.slice(round, POINT, data);
        c.makeDir(dir);
        long start = System.nanoTime();
        long cpu = CpuClock.nanos();
        for (int i = 0; i < files; i++) {
            c.writeSmallFile(name(dir, i), data);
            progress.advance(1);
        }
        long written = System.nanoTime();
        for (int i = 0; i < files; i++) {
            c.remove(name(dir, i));
            progress.advance(1);
        }
        long end = System.nanoTime();
        cpu = CpuClock.nanos() - cpu;
        c.removeDir(dir);
        Map<String, Double> extras = new LinkedHashMap<>();
        extras.put("create+write+close /s", files / seconds(written - start));
        extras.put("remove /s", files / seconds(end - written));
        extras.put(CPU_PER_OP, cpu / 1e3 / files);
        return new Measurement(files / seconds(end - start), extras);
    }

    private static String name(String dir, int i) {
        return dir + "/f" + i;
    }

    private long expectedChecksum(int round) {
        return checksums.computeIfAbsent(round, r -> content.checksum(r, size));
    }

    private static double seconds(long nanos) {
        return Math.max(1, nanos) / 1e9;
    }
}
