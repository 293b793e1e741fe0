package dev.cage.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The Markdown report of a run: conditions, a table per workload (each column's median and every round's
 * figure, the side figures, the ratios the targets use), a summary table and the targets with MET / NOT MET.
 */
final class Report {
    private final Results results;
    private final List<Targets.Verdict> verdicts;
    private final String settings;
    private final Conditions before;
    private final Conditions after;
    private final Duration elapsed;
    private final Map<String, String> notes;

    Report(Results results, String settings, Conditions before, Conditions after, Duration elapsed, Map<String, String> notes) {
        this.results = results;
        this.verdicts = Targets.judge(results);
        this.settings = settings;
        this.before = before;
        this.after = after;
        this.elapsed = elapsed;
        this.notes = notes;
    }

    List<Targets.Verdict> verdicts() {
        return verdicts;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Cage benchmark\n\n");
        md.append("- Settings: ").append(settings).append('\n');
        md.append("- Machine: ").append(before.cpus()).append(" CPUs, ").append(before.os()).append(", ").append(before.java()).append('\n');
        md.append("- Load average (1/5/15 min): ").append(before.load()).append(" at start (").append(before.at())
            .append("), ").append(after.load()).append(" at end; run took ").append(elapsed.toSeconds()).append(" s\n");
        for (Map.Entry<String, String> n : notes.entrySet()) {
            if (!n.getValue().isEmpty()) {
                md.append("- ").append(n.getKey()).append(": ").append(n.getValue()).append('\n');
            }
        }
        md.append("- Figures are medians across rounds; columns run interleaved within each round, the order rotating by"
            + " one column per round. Checksumming what was read is not timed. Local NIO reads come from the OS page"
            + " cache (a memory-speed limit).\n\n");
        for (Workload w : results.workloads()) {
            workloadTable(md, w);
        }
        summary(md);
        md.append("## Targets\n\n");
        for (Targets.Verdict v : verdicts) {
            md.append("- **").append(v.label()).append("** ").append(v.target()).append(" — ").append(v.detail()).append('\n');
        }
        return md.toString();
    }

    private void workloadTable(StringBuilder md, Workload w) {
        List<String> extras = results.extraNames(w);
        md.append("## ").append(w.title()).append(" (").append(w.unit()).append(")\n\n");
        md.append("| column | ").append(w.unit());
        extras.forEach(e -> md.append(" | ").append(e));
        md.append(" | each round |\n|---|---:");
        extras.forEach(e -> md.append("|---:"));
        md.append("|---|\n");
        for (String c : results.columns()) {
            List<Measurement> ms = results.rounds(w, c);
            md.append("| ").append(c).append(" | ").append(cell(results.median(w, c)));
            extras.forEach(e -> md.append(" | ").append(cell(results.medianExtra(w, c, e))));
            md.append(" | ").append(ms.isEmpty() ? "n/a"
                : ms.stream().map(m -> number(m.value())).collect(Collectors.joining(" · "))).append(" |\n");
        }
        String ratios = ratioLine(w);
        md.append('\n');
        if (!ratios.isEmpty()) {
            md.append(ratios).append("\n\n");
        }
    }

    private String ratioLine(Workload w) {
        StringBuilder s = new StringBuilder();
        results.ratio(w, Targets.CAGE, Targets.SFTP).ifPresent(r -> s.append("Cage/SFTP = ").append(times(r)));
        results.ratio(w, Targets.CAGE, Targets.RAW).ifPresent(r -> s.append(s.length() > 0 ? "; " : "")
            .append("Cage/raw socket = ").append(percent(r)));
        cpuRatio(w, Targets.RAW).ifPresent(r -> s.append(s.length() > 0 ? "; " : "")
            .append("Cage's CPU = ").append(times(r)).append(" raw socket's"));
        cpuRatio(w, Targets.SFTP).ifPresent(r -> s.append(s.length() > 0 ? "; " : "")
            .append("Cage's CPU = ").append(times(r)).append(" SFTP's"));
        results.ratio(w, Targets.CAGE_NIO, Targets.CAGE).ifPresent(r -> s.append(s.length() > 0 ? "; " : "")
            .append("cage:// / Cage API = ").append(percent(r)));
        results.ratio(w, Targets.CAGE_MOUNT, Targets.SSHFS).ifPresent(r -> s.append(s.length() > 0 ? "; " : "")
            .append("Cage mount / sshfs = ").append(times(r)));
        return s.toString();
    }

    /** Cage's CPU per unit of work over another column's, for a workload both measured. */
    private OptionalDouble cpuRatio(Workload w, String other) {
        String cpu = results.extraNames(w).contains(Workloads.CPU_PER_GIB) ? Workloads.CPU_PER_GIB : Workloads.CPU_PER_OP;
        OptionalDouble cage = results.medianExtra(w, Targets.CAGE, cpu);
        OptionalDouble them = results.medianExtra(w, other, cpu);
        return cage.isPresent() && them.isPresent() && them.getAsDouble() > 0
            ? OptionalDouble.of(cage.getAsDouble() / them.getAsDouble()) : OptionalDouble.empty();
    }

    private void summary(StringBuilder md) {
        md.append("## Summary (medians)\n\n| workload | unit | ");
        md.append(String.join(" | ", results.columns())).append(" | Cage/SFTP | Cage/raw socket | Cage's CPU/raw's | Cage p99 µs |\n|---|---|");
        results.columns().forEach(c -> md.append("---:|"));
        md.append("---:|---:|---:|---:|\n");
        for (Workload w : results.workloads()) {
            md.append("| ").append(w.id()).append(" | ").append(w.unit()).append(" | ");
            for (String c : results.columns()) {
                md.append(cell(results.median(w, c))).append(" | ");
            }
            md.append(results.ratio(w, Targets.CAGE, Targets.SFTP).isPresent()
                ? times(results.ratio(w, Targets.CAGE, Targets.SFTP).getAsDouble()) : "n/a").append(" | ");
            md.append(results.ratio(w, Targets.CAGE, Targets.RAW).isPresent()
                ? percent(results.ratio(w, Targets.CAGE, Targets.RAW).getAsDouble()) : "n/a").append(" | ");
            OptionalDouble cpu = cpuRatio(w, Targets.RAW);
            md.append(cpu.isPresent() ? times(cpu.getAsDouble()) : "n/a").append(" | ");
            md.append(cell(results.medianExtra(w, Targets.CAGE, "p99 µs"))).append(" |\n");
        }
        md.append('\n');
    }

    private static String cell(OptionalDouble v) {
        return v.isPresent() ? number(v.getAsDouble()) : "n/a";
    }

    /** Three significant figures or more, with thousands separators: 123,456 · 1,234 · 98.7 · 4.56. */
    static String number(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }
}
