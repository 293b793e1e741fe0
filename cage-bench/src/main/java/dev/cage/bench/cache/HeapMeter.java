package dev.cage.bench.cache;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.LongSupplier;

/**
 * Heap in use once garbage is gone: runs a full collection ({@code System.gc()}) and reads the heap's used
 * bytes from the {@link MemoryMXBean}, again and again until two readings in a row are within 1 MiB of each
 * other (at least {@value #MIN_CALLS} collections, at most {@value #MAX_CALLS}), and gives the last reading.
 * Objects still referenced are counted, whatever generation they live in.
 */
final class HeapMeter {
    static final int MIN_CALLS = 3;
    static final int MAX_CALLS = 8;
    static final long SETTLED = 1 << 20;
    private final Runnable gc;
    private final LongSupplier used;

    HeapMeter(Runnable gc, LongSupplier used) {
        this.gc = gc;
        this.used = used;
    }

    /** This JVM's heap. */
    static HeapMeter jvm() {
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        return new HeapMeter(System::gc, () -> bean.getHeapMemoryUsage().getUsed());
    }

    /** Used heap bytes after collections, once the reading has settled. */
    long usedAfterGc() {
        long previous = Long.MIN_VALUE;
        long now = 0;
        for (int calls = 1; calls <= MAX_CALLS; calls++) {
            gc.run();
            now = used.getAsLong();
            if (calls >= MIN_CALLS && Math.abs(now - previous) < SETTLED) {
                break;
            }
            previous = now;
        }
        return now;
    }

    /** How it measures, for the report. */
    static String method() {
        return "MemoryMXBean heap used after System.gc(), repeated until two readings in a row are within 1 MiB ("
            + MIN_CALLS + " to " + MAX_CALLS + " collections); collector " + collectors();
    }

    private static String collectors() {
        StringBuilder b = new StringBuilder();
        for (var g : ManagementFactory.getGarbageCollectorMXBeans()) {
            b.append(b.length() > 0 ? " + " : "").append(g.getName());
        }
        return b.toString();
    }
}
