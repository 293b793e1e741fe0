package dev.cage.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Every measurement of a run, by workload and column (in the columns' report order), with medians across
 * rounds. Columns are named by their title.
 */
public final class Results {
    private final List<String> columns;
    private final Map<Workload, Map<String, List<Measurement>>> byWorkload = new EnumMap<>(Workload.class);

    Results(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    synchronized void add(Workload w, String column, Measurement m) {
        byWorkload.computeIfAbsent(w, k -> new LinkedHashMap<>()).computeIfAbsent(column, k -> new ArrayList<>()).add(m);
    }

    /** The column titles, in report order. */
    public List<String> columns() {
        return columns;
    }

    /** The workloads that have at least one measurement, in run order. */
    public synchronized Set<Workload> workloads() {
        return new LinkedHashSet<>(byWorkload.keySet());
    }

    /** Every round's measurement of a cell; empty when the cell was not measured or does not apply. */
    public synchronized List<Measurement> rounds(Workload w, String column) {
        return List.copyOf(byWorkload.getOrDefault(w, Map.of()).getOrDefault(column, List.of()));
    }

    /** The median headline figure of a cell across rounds. */
    public OptionalDouble median(Workload w, String column) {
        List<Measurement> ms = rounds(w, column);
        return ms.isEmpty() ? OptionalDouble.empty()
            : OptionalDouble.of(Stats.median(ms.stream().mapToDouble(Measurement::value).toArray()));
    }

    /** The median of a side figure (e.g. {@code "p99 µs"}) across rounds. */
    public OptionalDouble medianExtra(Workload w, String column, String extra) {
        double[] v = rounds(w, column).stream().filter(m -> m.extras().containsKey(extra))
            .mapToDouble(m -> m.extras().get(extra)).toArray();
        return v.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(v));
    }

    /** {@code median(a) / median(b)} for one workload, when both were measured. */
    public OptionalDouble ratio(Workload w, String a, String b) {
        OptionalDouble x = median(w, a);
        OptionalDouble y = median(w, b);
        return x.isPresent() && y.isPresent() && y.getAsDouble() > 0
            ? OptionalDouble.of(x.getAsDouble() / y.getAsDouble()) : OptionalDouble.empty();
    }

    /** The names of the side figures any column reported for a workload, in first-seen order. */
    synchronized List<String> extraNames(Workload w) {
        Set<String> names = new LinkedHashSet<>();
        byWorkload.getOrDefault(w, Map.of()).values().forEach(ms -> ms.forEach(m -> names.addAll(m.extras().keySet())));
        return new ArrayList<>(names);
    }
}
