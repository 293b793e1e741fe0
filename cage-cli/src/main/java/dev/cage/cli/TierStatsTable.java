package dev.cage.cli;

import dev.cage.client.TierStats;
import dev.cage.client.TierStatsReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The table {@code cage cache stats} prints: one row per reporting Cage, a totals row, and the share of local misses
 * the cluster served. The Cage's label comes last, so labels with spaces stay readable and every other column is one
 * word.
 */
final class TierStatsTable {
    private static final List<String> HEADERS = List.of("ROLE", "LOCAL HITS", "CLUSTER HITS", "SERVER READS",
        "EVICTIONS", "INVALIDATIONS", "PUBLISHED", "ERRORS", "MEMBER BYTES", "MEMBER PAGES", "MEMBER EVICTIONS", "AGE",
        "CAGE");
    /** The figures of one Cage, each counted once per Cage in the totals. */
    private static final List<ToLongFunction<TierStats>> PER_CAGE = List.of(TierStats::localHits,
        TierStats::clusterHits, TierStats::serverReads, TierStats::evictions, TierStats::invalidations,
        TierStats::published, TierStats::clusterErrors);
    /** The figures of a member, which every Cage sharing that member reports alike: counted once per member. */
    private static final List<ToLongFunction<TierStats>> PER_MEMBER = List.of(TierStats::sharedBytesOnMember,
        TierStats::sharedPagesOnMember, TierStats::sharedEvictionsOnMember);

    private TierStatsTable() {
    }

    static void print(List<TierStatsReport> reports, Instant now, PrintWriter out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (TierStatsReport r : reports) {
            List<String> row = new ArrayList<>();
            row.add(r.role().toString());
            PER_CAGE.forEach(f -> row.add(Long.toString(f.applyAsLong(r.stats()))));
            PER_MEMBER.forEach(f -> row.add(Long.toString(f.applyAsLong(r.stats()))));
            row.add(age(Duration.between(r.reportedAt(), now)));
            row.add(printable(r.label()));
            rows.add(row);
        }
        rows.add(totals(reports));
        int[] widths = new int[HEADERS.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + widths[0] + "s", row.get(0)));
            for (int i = 1; i < row.size() - 1; i++) {
                line.append(String.format(Locale.ROOT, "  %" + widths[i] + "s", row.get(i)));
            }
            out.println(line.append("  ").append(row.get(row.size() - 1)));
        }
        long clusterHits = sum(reports, TierStats::clusterHits);
        long misses = clusterHits + sum(reports, TierStats::serverReads);
        out.println(misses == 0 ? "cluster hits among local misses: - (no local misses yet)"
            : String.format(Locale.ROOT, "cluster hits among local misses: %.1f%% (%d of %d)",
                100.0 * clusterHits / misses, clusterHits, misses));
    }

    private static List<String> totals(List<TierStatsReport> reports) {
        List<String> row = new ArrayList<>();
        row.add("total");
        PER_CAGE.forEach(f -> row.add(Long.toString(sum(reports, f))));
        Map<String, TierStats> members = new LinkedHashMap<>(); // the newest report of each member
        reports.stream().filter(r -> r.role() == TierStatsReport.Role.MEMBER)
            .sorted(java.util.Comparator.comparing(TierStatsReport::reportedAt))
            .forEach(r -> members.put(r.instance(), r.stats()));
        PER_MEMBER.forEach(f -> row.add(Long.toString(members.values().stream().mapToLong(f).sum())));
        row.add("-");
        row.add(reports.size() + (reports.size() == 1 ? " Cage" : " Cages") + " on " + members.size()
            + (members.size() == 1 ? " member" : " members"));
        return row;
    }

    private static long sum(List<TierStatsReport> reports, ToLongFunction<TierStats> f) {
        return reports.stream().mapToLong(r -> f.applyAsLong(r.stats())).sum();
    }

    /** How long ago a report was taken: tenths of a second below a minute (reports come every few seconds). */
    private static String age(Duration d) {
        Duration a = d.isNegative() ? Duration.ZERO : d; // the reporting machine's clock may be ahead of this one's
        return a.toSeconds() < 60 ? String.format(Locale.ROOT, "%.1fs", a.toMillis() / 1000.0) : AdminCommand.human(a);
    }

    /** The label with control characters shown as {@code ?}, so that one row stays one line. */
    private static String printable(String label) {
        return label.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
