package dev.cage.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The performance targets Cage is held to, judged from a run's medians. A target whose inputs were not
 * measured (a column or workload left out) is reported as not measured, never as met.
 */
final class Targets {
    static final String RAW = "raw socket";
    static final String SFTP = "SFTP";
    static final String NIO = "local NIO";
    static final String CAGE = "Cage";
    /** The same node through the cage:// file system (issue 17); judged only when the column ran. */
    static final String CAGE_NIO = "Cage via cage://";
    /** Cage mounted through FUSE, and the mount it is held against (issue 17); judged when both ran. */
    static final String CAGE_MOUNT = "Cage mount (FUSE)";
    static final String SSHFS = "sshfs";

    /** One target: what it asks, whether it is met ({@code null}: not measured), and the figures behind it. */
    record Verdict(String target, Boolean met, String detail) {
        String label() {
            return met == null ? "NOT MEASURED" : met ? "MET" : "NOT MET";
        }
    }

    private Targets() {
    }

    static List<Verdict> judge(Results r) {
        List<Verdict> out = new ArrayList<>();
        out.add(sequential(r, Workload.SEQ_WRITE));
        out.add(sequential(r, Workload.SEQ_READ));
        out.add(sequentialCpu(r, Workload.SEQ_WRITE));
        out.add(sequentialCpu(r, Workload.SEQ_READ));
        out.add(randomQd1(r));
        out.add(randomQd32(r));
        out.add(smallFiles(r));
        if (r.columns().contains(CAGE_MOUNT) && r.columns().contains(SSHFS)) {
            for (Workload w : List.of(Workload.SEQ_WRITE, Workload.SEQ_READ, Workload.RANDOM_QD1)) {
                out.add(mountAgainstSshfs(r, w));
            }
        }
        if (r.columns().contains(CAGE_NIO)) {
            for (Workload w : List.of(Workload.SEQ_WRITE, Workload.SEQ_READ, Workload.RANDOM_QD1, Workload.SMALL_FILES)) {
                out.add(nioProvider(r, w));
            }
        }
        return out;
    }

    /** Through a mount, Cage moves at least twice what sshfs moves on the same machine (issue 17). */
    private static Verdict mountAgainstSshfs(Results r, Workload w) {
        String target = w.title() + ": Cage's mount ≥ 2× sshfs";
        OptionalDouble ratio = r.ratio(w, CAGE_MOUNT, SSHFS);
        if (ratio.isEmpty()) {
            return new Verdict(target, null, "needs mount and sshfs figures");
        }
        return new Verdict(target, ratio.getAsDouble() >= 2, "mount " + Report.number(r.median(w, CAGE_MOUNT).getAsDouble())
            + " " + w.unit() + " = " + Report.times(ratio.getAsDouble()) + " sshfs's "
            + Report.number(r.median(w, SSHFS).getAsDouble()));
    }

    /**
     * A program using java.nio.file on cage:// gets at least 90 % of what the Cage API gives on the same node (issue
     * 17), by throughput; CPU per unit of work is shown beside it.
     */
    private static Verdict nioProvider(Results r, Workload w) {
        String target = w.title() + ": cage:// file system ≥ 90 % of the Cage API";
        String cpu = w == Workload.SEQ_WRITE || w == Workload.SEQ_READ ? Workloads.CPU_PER_GIB : Workloads.CPU_PER_OP;
        OptionalDouble vsApi = r.ratio(w, CAGE_NIO, CAGE);
        if (vsApi.isEmpty()) {
            return new Verdict(target, null, "needs Cage and cage:// figures");
        }
        OptionalDouble nioCpu = r.medianExtra(w, CAGE_NIO, cpu);
        OptionalDouble apiCpu = r.medianExtra(w, CAGE, cpu);
        String cpus = nioCpu.isPresent() && apiCpu.isPresent() ? "; " + cpu + " " + Report.number(nioCpu.getAsDouble())
            + " against the API's " + Report.number(apiCpu.getAsDouble()) : "";
        return new Verdict(target, vsApi.getAsDouble() >= 0.9, "cage:// "
            + Report.number(r.median(w, CAGE_NIO).getAsDouble()) + " " + w.unit() + " = "
            + Report.percent(vsApi.getAsDouble()) + " of the API's" + cpus);
    }

    private static Verdict sequential(Results r, Workload w) {
        String target = w.title() + ": Cage ≥ 80 % of the raw socket stream";
        OptionalDouble vsRaw = r.ratio(w, CAGE, RAW);
        if (vsRaw.isEmpty()) {
            return new Verdict(target, null, "needs Cage and raw socket figures");
        }
        return new Verdict(target, vsRaw.getAsDouble() >= 0.8, "Cage " + Report.number(r.median(w, CAGE).getAsDouble())
            + " MiB/s = " + Report.percent(vsRaw.getAsDouble()) + " of raw socket");
    }

    /** On a busy machine CPU per byte is throughput: Cage may spend at most twice the raw stream's, and less than SSH's. */
    private static Verdict sequentialCpu(Results r, Workload w) {
        String target = w.title() + ": Cage's CPU per GiB ≤ 2× the raw socket's and below SFTP's";
        OptionalDouble cage = r.medianExtra(w, CAGE, Workloads.CPU_PER_GIB);
        OptionalDouble raw = r.medianExtra(w, RAW, Workloads.CPU_PER_GIB);
        OptionalDouble sftp = r.medianExtra(w, SFTP, Workloads.CPU_PER_GIB);
        if (cage.isEmpty() || raw.isEmpty() || sftp.isEmpty()) {
            return new Verdict(target, null, "needs Cage, raw socket and SFTP figures");
        }
        double c = cage.getAsDouble();
        return new Verdict(target, c <= 2 * raw.getAsDouble() && c < sftp.getAsDouble(), "Cage "
            + Report.number(c) + " CPU s/GiB = " + Report.times(c / raw.getAsDouble()) + " raw socket's, "
            + Report.times(c / sftp.getAsDouble()) + " SFTP's");
    }

    private static Verdict randomQd1(Results r) {
        Workload w = Workload.RANDOM_QD1;
        String target = w.title() + ": Cage's p50 ≤ 3× the raw socket's ping-pong round trip";
        OptionalDouble cage = r.medianExtra(w, CAGE, "p50 µs");
        OptionalDouble raw = r.medianExtra(w, RAW, "p50 µs");
        if (cage.isEmpty() || raw.isEmpty()) {
            return new Verdict(target, null, "needs Cage and raw socket figures");
        }
        double ratio = cage.getAsDouble() / raw.getAsDouble();
        return new Verdict(target, ratio <= 3, "Cage p50 " + Report.number(cage.getAsDouble()) + " µs = "
            + Report.times(ratio) + " raw socket's " + Report.number(raw.getAsDouble()) + " µs");
    }

    private static Verdict randomQd32(Results r) {
        Workload w = Workload.RANDOM_QD32;
        String target = w.title() + ": Cage ≥ 90 % of the raw socket";
        OptionalDouble vsRaw = r.ratio(w, CAGE, RAW);
        if (vsRaw.isEmpty()) {
            return new Verdict(target, null, "needs Cage and raw socket figures");
        }
        return new Verdict(target, vsRaw.getAsDouble() >= 0.9, "Cage " + Report.number(r.median(w, CAGE).getAsDouble())
            + " reads/s = " + Report.percent(vsRaw.getAsDouble()) + " of raw socket");
    }

    /**
     * A remote file cannot beat a local one plus the wire: the bar is 80 % of local NIO's rate with one raw round trip
     * (the ping-pong's p50 at queue depth 1) added to every file.
     */
    private static Verdict smallFiles(Results r) {
        Workload w = Workload.SMALL_FILES;
        String target = "Small files: Cage ≥ 80 % of local NIO's rate with one round trip added per file";
        OptionalDouble cage = r.median(w, CAGE);
        OptionalDouble nio = r.median(w, NIO);
        OptionalDouble rtt = r.medianExtra(Workload.RANDOM_QD1, RAW, "p50 µs");
        if (cage.isEmpty() || nio.isEmpty() || rtt.isEmpty()) {
            return new Verdict(target, null, "needs Cage and local NIO small files and the raw socket's QD 1 p50");
        }
        double bar = 1 / (1 / nio.getAsDouble() + rtt.getAsDouble() / 1e6);
        return new Verdict(target, cage.getAsDouble() >= 0.8 * bar, "Cage " + Report.number(cage.getAsDouble())
            + " files/s = " + Report.percent(cage.getAsDouble() / bar) + " of " + Report.number(bar) + " files/s");
    }
}
