package dev.cage.bench.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The page cache's targets (issue 3), judged from one run's medians. A target whose part was not run is
 * reported as not measured, never as met. Lines marked as reference judge the same bar on a related figure,
 * to show where a miss comes from; they are not targets.
 */
final class CacheTargets {
    static final String NIO = "local NIO";
    static final String SFTP = "SFTP";
    static final String NO_CACHE = "Cage, no cache";
    static final String CACHED = "Cage + 10 % cache";

    /** One line: what is asked, whether it is met ({@code null}: not measured), and the figures behind it. */
    record Verdict(String target, Boolean met, String detail) {
        String label() {
            return met == null ? "NOT MEASURED" : met ? "MET" : "NOT MET";
        }
    }

    private CacheTargets() {
    }

    static List<Verdict> judge(CacheBenchResults r) {
        List<Verdict> out = new ArrayList<>();
        out.add(zipfReads(r.random(), AccessPattern.ZIPF, "Cached Zipf 4 KiB reads (10 % cache): ≥ 50× SFTP and ≥ 25 % of local NIO"));
        out.add(zipfReads(r.random(), AccessPattern.ZIPF_RESIDENT,
            "Reference, not the target: the same bar for reads that all hit (zipf-0.99-resident)"));
        out.addAll(hitRates(r.hitRates()));
        out.add(wake(r.hibernation()));
        out.add(memory("Memory of the 10 % Zipf cache (4 KiB pages): heap ≤ 1.10 × page bytes", r.zipfMemory()));
        out.add(memory("Memory of the hibernation cache (64 KiB pages), filled: heap ≤ 1.10 × page bytes",
            r.hibernation() == null ? null : r.hibernation().filledMemory()));
        out.add(memory("Memory of the hibernation cache (64 KiB pages), woken: heap ≤ 1.10 × page bytes",
            r.hibernation() == null ? null : r.hibernation().wokenMemory()));
        return out;
    }

    private static Verdict zipfReads(RandomReadResults rr, AccessPattern p, String target) {
        OptionalDouble vsSftp = rr == null ? OptionalDouble.empty() : rr.ratio(p, CACHED, SFTP);
        OptionalDouble vsNio = rr == null ? OptionalDouble.empty() : rr.ratio(p, CACHED, NIO);
        if (vsSftp.isEmpty() || vsNio.isEmpty()) {
            return new Verdict(target, null, "needs the " + p.id() + " figures of Cage, SFTP and local NIO");
        }
        boolean met = vsSftp.getAsDouble() >= 50 && vsNio.getAsDouble() >= 0.25;
        return new Verdict(target, met, "Cage " + Format.number(rr.median(p, CACHED)) + " reads/s at a "
            + Format.percent(rr.hitRate(p)) + " hit rate = " + Format.times(vsSftp) + " SFTP, "
            + Format.percent(vsNio) + " of local NIO");
    }

    private static List<Verdict> hitRates(List<HitRateBenchmark.Row> rows) {
        String zipfTarget = "Hit rate on Zipf(0.99), 10 % cache: within 10 points of optimal";
        String shiftTarget = "Hit rate on the shifting Zipf trace: never below LRU";
        Verdict zipf = new Verdict(zipfTarget, null, "hit rates not run");
        Verdict shift = new Verdict(shiftTarget, null, "hit rates not run");
        for (HitRateBenchmark.Row row : rows) {
            if (row.trace().equals("zipf-0.99")) {
                double gap = row.of("optimal") - row.of("cage");
                zipf = new Verdict(zipfTarget, gap <= 10, String.format(java.util.Locale.ROOT,
                    "cage %.1f %% vs optimal %.1f %%: %.1f points below", row.of("cage"), row.of("optimal"), gap));
            } else if (row.trace().endsWith("shifting")) {
                shift = new Verdict(shiftTarget, row.of("cage") >= row.of("lru"), String.format(java.util.Locale.ROOT,
                    "cage %.1f %% vs LRU %.1f %%", row.of("cage"), row.of("lru")));
            }
        }
        return List.of(zipf, shift);
    }

    private static Verdict wake(HibernationResults h) {
        String target = "Waking from hibernation and reading every page: ≥ 5× faster than a cold Cage reading them";
        if (h == null) {
            return new Verdict(target, null, "hibernation not run");
        }
        return new Verdict(target, h.speedup() >= 5, String.format(java.util.Locale.ROOT,
            "wake %.3f s vs cold %.3f s (medians) = %s; %d misses after waking, %d of %d pages kept",
            h.medianWakeSeconds(), h.medianColdSeconds(), Format.times(h.speedup()), h.wakeMisses(), h.pagesKept(), h.pageCount()));
    }

    private static Verdict memory(String target, MemoryFigure m) {
        if (m == null) {
            return new Verdict(target, null, "not measured in this run");
        }
        return new Verdict(target, m.ratio() <= 1.10, String.format(java.util.Locale.ROOT,
            "%.3f × (%s added for %s of pages, %d of %d pages held)", m.ratio(), Format.mib(m.added()),
            Format.mib(m.pageBytes()), m.pagesCached(), m.pageCount()));
    }
}
