package dev.cage.bench.journal;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * The write workloads the journal and group benchmarks share: 4 KiB random writes from many sessions, and 1 MiB
 * sequential writes from one; each measured as a rate and as this process's CPU time per write.
 */
final class WriteLoad {
    /** Where the writes go: a node (or a group) and what to wait for before its CPU time is read. */
    interface Target {
        /** A new uncached client whose server is named {@code "s"}. */
        Cage client() throws Exception;

        /** Waits until work the writes left behind (a journal's rows) is done, so its CPU time counts here. */
        default void settle() {
        }
    }

    /** The writes of the last measurement, and the process's CPU time per write during it. */
    long lastWrites;
    double lastCpuMicrosPerWrite;

    /** Each session writes 4 KiB at random offsets of its own 16 MiB file, for {@code seconds}; writes per second. */
    double randomWrites(Target target, int n, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Cage> clients = new ArrayList<>();
        List<CageChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Cage c = target.client();
                clients.add(c);
                channels.add(c.open("s", "w" + i, OpenMode.EXCLUSIVE, true));
            }
            // Random bytes made once, before the clock starts, and sliced by every session: made anew for every
            // write they cost the writers as much CPU as the node's workers spent (JFR), on the same cores.
            byte[] randomBytes = new byte[1 << 20];
            new Random(-1).nextBytes(randomBytes);
            LongAdder done = new LongAdder();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Cage c = clients.get(i);
                CageChannel ch = channels.get(i);
                Random rnd = new Random(i);
                jobs.add(pool.submit(() -> {
                    byte[] block = new byte[4096];
                    while (System.nanoTime() < end) {
                        System.arraycopy(randomBytes, rnd.nextInt(randomBytes.length - block.length), block, 0,
                            block.length);
                        c.write(ch, (long) rnd.nextInt(4096) * 4096, block);
                        done.increment();
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            for (Future<?> f : jobs) {
                f.get();
            }
            double rate = done.sum() / ((System.nanoTime() - start) / 1e9);
            lastWrites = done.sum();
            target.settle();
            lastCpuMicrosPerWrite = (processCpuNanos() - cpuStart) / 1e3 / lastWrites;
            return rate;
        } finally {
            pool.shutdown();
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).close(channels.get(i));
                clients.get(i).close();
            }
        }
    }

    /**
     * One session writes 1 MiB after 1 MiB to a new file for {@code seconds}, then removes it (a new file each time
     * rather than one truncated: a journaled truncate keeps the bytes it cuts, hundreds of MiB here); MiB/s.
     */
    double sequential(Target target, int seconds) throws Exception {
        try (Cage c = target.client()) {
            CageChannel ch = c.open("s", "seq", OpenMode.EXCLUSIVE, true);
            byte[] block = new byte[1 << 20];
            new Random(1).nextBytes(block);
            long written = 0;
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                c.write(ch, written, block);
                written += block.length;
            }
            double mibs = written / (double) (1 << 20) / ((System.nanoTime() - start) / 1e9);
            lastWrites = written / block.length;
            target.settle();
            lastCpuMicrosPerWrite = (processCpuNanos() - cpuStart) / 1e3 / lastWrites;
            c.close(ch);
            c.remove("s", "seq");
            return mibs;
        }
    }

    /** CPU time of this whole process (nodes, clients, journals), in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
            .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
