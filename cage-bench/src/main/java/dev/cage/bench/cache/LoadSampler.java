package dev.cage.bench.cache;

import dev.cage.bench.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples the 1-minute load average (as {@code uptime} shows it, from {@code /proc/loadavg}) every few
 * seconds while the benchmark runs, on a daemon thread, so the report can say how busy the shared machine was.
 */
final class LoadSampler implements AutoCloseable {
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private final List<Double> samples = new ArrayList<>();
    private final Thread thread;

    LoadSampler(long everyMillis) {
        sample();
        thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(everyMillis);
                    sample();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-load-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The whole line of {@code /proc/loadavg}'s first three fields, or "unknown". */
    static String now() {
        try {
            String[] f = Files.readString(LOADAVG).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void sample() {
        try {
            double one = Double.parseDouble(Files.readString(LOADAVG).trim().split("\\s+")[0]);
            synchronized (samples) {
                samples.add(one);
            }
        } catch (IOException | RuntimeException e) {
            // no /proc here: the report says "unknown"
        }
    }

    /** "min a, median b, max c (n samples)" of the 1-minute load average so far. */
    String summary() {
        double[] v;
        synchronized (samples) {
            v = samples.stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (v.length == 0) {
            return "unknown";
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return String.format(Locale.ROOT, "min %.2f, median %.2f, max %.2f (%d samples)", min, Stats.median(v), max, v.length);
    }

    @Override
    public void close() {
        thread.interrupt();
        sample();
    }
}
