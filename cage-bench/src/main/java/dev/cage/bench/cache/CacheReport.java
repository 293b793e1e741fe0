package dev.cage.bench.cache;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Markdown report of one {@code cage bench cache} run: conditions and load, a section per part, a summary
 * table of the headline figures, and the targets with MET / NOT MET.
 */
final class CacheReport {
    private final CacheBenchResults r;
    private final Map<String, String> facts;
    private final List<CacheTargets.Verdict> verdicts;

    /** {@code facts}: settings, machine, load and method lines, in order, printed as a list at the top. */
    CacheReport(CacheBenchResults results, Map<String, String> facts) {
        this.r = results;
        this.facts = facts;
        this.verdicts = CacheTargets.judge(results);
    }

    List<CacheTargets.Verdict> verdicts() {
        return verdicts;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Cage page-cache benchmark (issue 3)\n\n");
        facts.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n');
        if (r.random() != null) {
            randomReads(md, r.random());
        }
        if (!r.hitRates().isEmpty()) {
            md.append("## 2. Hit rates by policy, trace-driven (10 % cache)\n\n").append(HitRateBenchmark.report(r.hitRates())).append('\n');
        }
        if (r.hibernation() != null) {
            hibernation(md, r.hibernation());
        }
        memory(md);
        summary(md);
        md.append("## Targets\n\n");
        for (CacheTargets.Verdict v : verdicts) {
            md.append("- **").append(v.label()).append("** ").append(v.target()).append(" — ").append(v.detail()).append('\n');
        }
        return md.toString();
    }

    private void randomReads(StringBuilder md, RandomReadResults rr) {
        md.append("## 1. Random 4 KiB reads, one at a time (reads/s, medians)\n\n");
        md.append("| pattern | ").append(String.join(" | ", rr.columns()))
            .append(" | Cage hit rate | cached/SFTP | cached/local NIO | cached/no cache |\n|---|");
        rr.columns().forEach(c -> md.append("---:|"));
        md.append("---:|---:|---:|---:|\n");
        for (AccessPattern p : rr.patterns()) {
            md.append("| ").append(p.id()).append(" | ");
            for (String c : rr.columns()) {
                md.append(Format.number(rr.median(p, c))).append(" | ");
            }
            md.append(Format.percent(rr.hitRate(p))).append(" | ")
                .append(Format.times(rr.ratio(p, CacheTargets.CACHED, CacheTargets.SFTP))).append(" | ")
                .append(Format.percent(rr.ratio(p, CacheTargets.CACHED, CacheTargets.NIO))).append(" | ")
                .append(Format.times(rr.ratio(p, CacheTargets.CACHED, CacheTargets.NO_CACHE))).append(" |\n");
        }
        md.append("\nEach round (reads/s):\n\n| pattern | column | rounds |\n|---|---|---|\n");
        for (AccessPattern p : rr.patterns()) {
            for (String c : rr.columns()) {
                md.append("| ").append(p.id()).append(" | ").append(c).append(" | ")
                    .append(rr.rounds(p, c).stream().map(Format::number).collect(Collectors.joining(" · "))).append(" |\n");
            }
        }
        md.append("\nPatterns and warm-up of each pattern's own cached Cage (before the first round, untimed):\n\n");
        for (AccessPattern p : rr.patterns()) {
            RandomReadResults.WarmUp w = rr.warmUp(p);
            md.append("- ").append(p.id()).append(": ").append(p.description());
            if (w != null) {
                md.append("; warmed with ").append(Format.number(w.reads())).append(" reads, then holding ")
                    .append(Format.number(w.pagesCached())).append(" of ").append(Format.number(w.pageCount())).append(" pages");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void hibernation(StringBuilder md, HibernationResults h) {
        md.append("## 3. Hibernation (").append(Format.number(h.pageCount())).append(" pages of ")
            .append(h.pageSize() / 1024).append(" KiB, the whole file)\n\n| figure | value | each round |\n|---|---:|---|\n");
        md.append("| fill: read the file into the empty cache | ").append(Format.seconds(h.fillNanos())).append(" | |\n");
        md.append("| hibernate(): write the dump, forced to disk | ").append(Format.seconds(h.dumpNanos())).append(" | |\n");
        md.append("| dump size | ").append(Format.mib(h.dumpBytes())).append(" | |\n");
        md.append("| (a) wake from the dump + read every page (all hits) | ").append(String.format(java.util.Locale.ROOT, "%.3f s",
            h.medianWakeSeconds())).append(" | ").append(rounds(h.wakeNanos())).append(" |\n");
        md.append("| (b) cold Cage reading every page from the server | ").append(String.format(java.util.Locale.ROOT, "%.3f s",
            h.medianColdSeconds())).append(" | ").append(rounds(h.coldNanos())).append(" |\n");
        md.append("| of which (a) building the Cage: reading the dump, reopening | ").append(String.format(java.util.Locale.ROOT,
            "%.3f s", median(h.wakeBuildNanos()))).append(" | ").append(rounds(h.wakeBuildNanos())).append(" |\n");
        md.append("| of which (b) building the Cage, opening the file | ").append(String.format(java.util.Locale.ROOT,
            "%.3f s", median(h.coldBuildNanos()))).append(" | ").append(rounds(h.coldBuildNanos())).append(" |\n");
        md.append("| speed-up of waking: (b)/(a) | ").append(Format.times(h.speedup())).append(" | |\n");
        md.append("| misses after waking / pages kept | ").append(h.wakeMisses()).append(" / ").append(h.pagesKept())
            .append(" of ").append(h.pageCount()).append(" | |\n\n");
    }

    private static double median(List<Long> nanos) {
        return dev.cage.bench.Stats.median(nanos.stream().mapToDouble(n -> n / 1e9).toArray());
    }

    private static String rounds(List<Long> nanos) {
        return nanos.stream().map(Format::seconds).collect(Collectors.joining(" · "));
    }

    private void memory(StringBuilder md) {
        List<MemoryFigure> figures = new java.util.ArrayList<>();
        if (r.zipfMemory() != null) {
            figures.add(r.zipfMemory());
        }
        if (r.hibernation() != null) {
            figures.add(r.hibernation().filledMemory());
            figures.add(r.hibernation().wokenMemory());
        }
        if (figures.isEmpty()) {
            return;
        }
        md.append("## 4. Client heap of a full cache\n\n| cache | page bytes | pages held | heap added | heap / page bytes |"
            + " overhead per page |\n|---|---:|---:|---:|---:|---:|\n");
        for (MemoryFigure m : figures) {
            md.append("| ").append(m.label()).append(" | ").append(Format.mib(m.pageBytes())).append(" | ")
                .append(Format.number(m.pagesCached())).append(" of ").append(Format.number(m.pageCount())).append(" | ")
                .append(Format.mib(m.added())).append(" | ").append(String.format(java.util.Locale.ROOT, "%.3f", m.ratio()))
                .append(" | ").append(Format.number(m.overheadPerPage())).append(" B |\n");
        }
        md.append('\n');
    }

    private void summary(StringBuilder md) {
        md.append("## Summary (medians)\n\n| figure | value |\n|---|---:|\n");
        RandomReadResults rr = r.random();
        if (rr != null) {
            for (AccessPattern p : rr.patterns()) {
                for (String c : rr.columns()) {
                    row(md, p.id() + ", " + c + " (reads/s)", Format.number(rr.median(p, c)));
                }
                row(md, p.id() + ", Cage hit rate", Format.percent(rr.hitRate(p)));
                row(md, p.id() + ", cached Cage / SFTP", Format.times(rr.ratio(p, CacheTargets.CACHED, CacheTargets.SFTP)));
                row(md, p.id() + ", cached Cage / local NIO", Format.percent(rr.ratio(p, CacheTargets.CACHED, CacheTargets.NIO)));
            }
        }
        for (HitRateBenchmark.Row h : r.hitRates()) {
            row(md, "hit rate " + h.trace() + ": cage / optimal / LRU", String.format(java.util.Locale.ROOT,
                "%.1f / %.1f / %.1f %%", h.of("cage"), h.of("optimal"), h.of("lru")));
        }
        HibernationResults h = r.hibernation();
        if (h != null) {
            row(md, "hibernate: dump write", Format.seconds(h.dumpNanos()));
            row(md, "hibernate: dump size", Format.mib(h.dumpBytes()));
            row(md, "wake + read all pages", String.format(java.util.Locale.ROOT, "%.3f s", h.medianWakeSeconds()));
            row(md, "cold read of all pages", String.format(java.util.Locale.ROOT, "%.3f s", h.medianColdSeconds()));
            row(md, "wake speed-up", Format.times(h.speedup()));
        }
        if (r.zipfMemory() != null) {
            row(md, "heap / page bytes, 10 % Zipf cache", String.format(java.util.Locale.ROOT, "%.3f", r.zipfMemory().ratio()));
        }
        if (h != null) {
            row(md, "heap / page bytes, hibernation cache filled / woken", String.format(java.util.Locale.ROOT, "%.3f / %.3f",
                h.filledMemory().ratio(), h.wokenMemory().ratio()));
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
