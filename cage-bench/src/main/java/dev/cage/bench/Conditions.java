package dev.cage.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The machine a figure was measured on and how busy it was: loopback figures on a shared 2-vCPU machine
 * move with the load, so every report carries it.
 *
 * @param at      when it was taken
 * @param load    the 1, 5 and 15 minute load averages, as {@code /proc/loadavg} gives them
 * @param cpus    processors available to the JVM
 * @param java    the runtime
 * @param os      the operating system
 */
record Conditions(Instant at, String load, int cpus, String java, String os) {

    static Conditions now() {
        return new Conditions(Instant.now().truncatedTo(ChronoUnit.SECONDS), loadAverage(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? "unknown" : String.format("%.2f (1 min)", one);
        }
    }
}
