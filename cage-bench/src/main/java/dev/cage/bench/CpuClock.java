package dev.cage.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time (user + system) of this whole process: every column runs its client and its server in this JVM (the
 * node, the SFTP server and the raw socket's sink alike), so the CPU a workload costs both ends is the process's
 * CPU over the timed part. It includes the JIT compiler and the garbage collector, which are part of what a
 * column costs on a busy machine.
 */
final class CpuClock {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuClock() {
    }

    /** Nanoseconds of CPU this process has used since it started; only differences mean anything. */
    static long nanos() {
        return OS.getProcessCpuTime();
    }
}
