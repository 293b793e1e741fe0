package dev.cage.bench.cache;

import dev.cage.bench.Stats;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The random-read part's figures: reads per second of every column for every access pattern, round by
 * round, the Cage cache's hit rate over the same reads, and how the cached Cages were warmed. Medians are
 * across rounds.
 */
final class RandomReadResults {
    /** How a cached Cage was warmed before measuring: reads made, and pages it then held of how many. */
    record WarmUp(long reads, long pagesCached, long pageCount) {
    }

    private final List<String> columns;
    private final Map<AccessPattern, Map<String, List<Double>>> perSecond = new EnumMap<>(AccessPattern.class);
    private final Map<AccessPattern, List<Double>> hitRates = new EnumMap<>(AccessPattern.class);
    private final Map<AccessPattern, WarmUp> warmUps = new EnumMap<>(AccessPattern.class);

    RandomReadResults(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    void add(AccessPattern p, String column, double readsPerSecond) {
        perSecond.computeIfAbsent(p, k -> new LinkedHashMap<>()).computeIfAbsent(column, k -> new ArrayList<>()).add(readsPerSecond);
    }

    void addHitRate(AccessPattern p, double rate) {
        hitRates.computeIfAbsent(p, k -> new ArrayList<>()).add(rate);
    }

    void warmedUp(AccessPattern p, WarmUp w) {
        warmUps.put(p, w);
    }

    /** Column titles in report order. */
    List<String> columns() {
        return columns;
    }

    /** The patterns measured, in run order. */
    List<AccessPattern> patterns() {
        return new ArrayList<>(perSecond.keySet());
    }

    /** Every round's reads per second of a cell, in round order. */
    List<Double> rounds(AccessPattern p, String column) {
        return List.copyOf(perSecond.getOrDefault(p, Map.of()).getOrDefault(column, List.of()));
    }

    OptionalDouble median(AccessPattern p, String column) {
        List<Double> v = rounds(p, column);
        return v.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(toArray(v)));
    }

    /** The cached Cage's hit rate (0..1) over the measured reads, median across rounds. */
    OptionalDouble hitRate(AccessPattern p) {
        List<Double> v = hitRates.getOrDefault(p, List.of());
        return v.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(toArray(v)));
    }

    WarmUp warmUp(AccessPattern p) {
        return warmUps.get(p);
    }

    /** {@code median(a) / median(b)}, when both were measured. */
    OptionalDouble ratio(AccessPattern p, String a, String b) {
        OptionalDouble x = median(p, a);
        OptionalDouble y = median(p, b);
        return x.isPresent() && y.isPresent() && y.getAsDouble() > 0
            ? OptionalDouble.of(x.getAsDouble() / y.getAsDouble()) : OptionalDouble.empty();
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
