package dev.cage.bench;

import java.util.Map;

/**
 * One column's result for one workload in one round: the headline figure (in the workload's unit, higher
 * is better) and named side figures such as latency percentiles.
 *
 * @param value  the headline figure
 * @param extras side figures by name, e.g. {@code "p99 µs"}; kept in insertion order
 */
public record Measurement(double value, Map<String, Double> extras) {
    public Measurement {
        extras = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
    }

    static Measurement of(double value) {
        return new Measurement(value, Map.of());
    }
}
