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
    static final String CAGE = "Cage";

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
        out.add(randomQd1(r));
        out.add(randomQd32(r));
        out.add(smallFiles(r));
        return out;
    }

    private static Verdict sequential(Results r, Workload w) {
        String target = w.title() + ": Cage ≥ 5× SFTP and ≥ 50 % of raw socket";
        OptionalDouble vsSftp = r.ratio(w, CAGE, SFTP);
        OptionalDouble vsRaw = r.ratio(w, CAGE, RAW);
        if (vsSftp.isEmpty() || vsRaw.isEmpty()) {
            return new Verdict(target, null, "needs Cage, SFTP and raw socket figures");
        }
        boolean met = vsSftp.getAsDouble() >= 5 && vsRaw.getAsDouble() >= 0.5;
        return new Verdict(target, met, "Cage " + Report.number(r.median(w, CAGE).getAsDouble()) + " MiB/s = "
            + Report.times(vsSftp.getAsDouble()) + " SFTP, " + Report.percent(vsRaw.getAsDouble()) + " of raw socket");
    }

    private static Verdict randomQd1(Results r) {
        Workload w = Workload.RANDOM_QD1;
        String target = w.title() + ": Cage ≥ 5× SFTP with p99 < 500 µs";
        OptionalDouble vsSftp = r.ratio(w, CAGE, SFTP);
        OptionalDouble p99 = r.medianExtra(w, CAGE, "p99 µs");
        if (vsSftp.isEmpty() || p99.isEmpty()) {
            return new Verdict(target, null, "needs Cage and SFTP figures");
        }
        boolean met = vsSftp.getAsDouble() >= 5 && p99.getAsDouble() < 500;
        return new Verdict(target, met, "Cage " + Report.number(r.median(w, CAGE).getAsDouble()) + " reads/s = "
            + Report.times(vsSftp.getAsDouble()) + " SFTP, p99 " + Report.number(p99.getAsDouble()) + " µs");
    }

    private static Verdict randomQd32(Results r) {
        Workload w = Workload.RANDOM_QD32;
        String target = w.title() + ": Cage ≥ 100,000 reads/s";
        OptionalDouble cage = r.median(w, CAGE);
        if (cage.isEmpty()) {
            return new Verdict(target, null, "needs the Cage figure");
        }
        return new Verdict(target, cage.getAsDouble() >= 100_000, "Cage " + Report.number(cage.getAsDouble()) + " reads/s");
    }

    private static Verdict smallFiles(Results r) {
        Workload w = Workload.SMALL_FILES;
        String target = "Small files: Cage ≥ 5× SFTP";
        OptionalDouble vsSftp = r.ratio(w, CAGE, SFTP);
        if (vsSftp.isEmpty()) {
            return new Verdict(target, null, "needs Cage and SFTP figures");
        }
        return new Verdict(target, vsSftp.getAsDouble() >= 5, "Cage " + Report.number(r.median(w, CAGE).getAsDouble())
            + " files/s = " + Report.times(vsSftp.getAsDouble()) + " SFTP");
    }
}
