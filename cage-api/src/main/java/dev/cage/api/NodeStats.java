package dev.cage.api;

import java.util.List;
import java.util.Map;

/**
 * A node's data-port requests by kind and how long they took, since it started, as {@link CageNodeAdmin#stats()}
 * reports them. Two answers' difference describes the time between them.
 *
 * @param requests       requests answered, by kind ({@code "READ"}, {@code "WRITE"}, {@code "OPEN"}, ...)
 * @param latency        requests by latency, from arrival to reply: bucket {@code k} counts those up to
 *                       {@link #boundMicros(int)} µs (and above the bound of {@code k - 1}); the last bucket holds
 *                       everything longer
 * @param journalRecords records the node's journal has appended; -1 without a journal
 */
public record NodeStats(Map<String, Long> requests, List<Long> latency, long journalRecords) {

    public NodeStats {
        requests = Map.copyOf(requests);
        latency = List.copyOf(latency);
    }

    /** The upper bound of latency bucket {@code k}, in microseconds: 2^(k/4), rounded up. */
    public static long boundMicros(int k) {
        return (long) Math.ceil(Math.pow(2, k / 4.0));
    }
}
