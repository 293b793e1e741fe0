package dev.cage.web.live;

import dev.cage.api.NodeInfo;
import dev.cage.api.NodeStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node at one tick of the live stream: up with its rates over the last interval (per second, from the
 * differences of the node's counters) and the latency percentiles of the requests it answered in it, or down with
 * since when and why. Requests by kind: reads, writes, opens and closes, namespace calls (create, remove, rename,
 * mkdir, rmdir, list, stat), and the rest. A percentile is {@code null} when no request was answered.
 */
public record NodeSample(String server, boolean up, Instant downSince, String error, double requestsPerSecond,
                         double readsPerSecond, double writesPerSecond, double openClosePerSecond,
                         double namespacePerSecond, double otherPerSecond, double bytesReadPerSecond,
                         double bytesWrittenPerSecond, Double p50Millis, Double p99Millis,
                         double journalRecordsPerSecond, int sessions, int openFiles, int openChannels) {

    private static final Set<String> NAMESPACE = Set.of("CREATE", "REMOVE", "RENAME", "MKDIR", "RMDIR", "LIST", "LIST_PAGE", "STAT", "STATFS");
    private static final Set<String> OPEN_CLOSE = Set.of("OPEN", "CLOSE");

    public static NodeSample down(String server, Instant since, String error) {
        return new NodeSample(server, false, since, error, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0, 0, 0);
    }

    /**
     * The rates between two answers of the same node; no rates for the first answer or after a restart. Without
     * stats (a node that does not give them) the kinds, percentiles and journal rate stay empty.
     */
    public static NodeSample between(String server, NodeInfo before, NodeInfo now, NodeStats statsBefore, NodeStats statsNow) {
        double seconds = before == null || !before.started().equals(now.started()) ? 0
            : (now.uptime().toNanos() - before.uptime().toNanos()) / 1e9;
        if (seconds <= 0) {
            return new NodeSample(server, true, null, null, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0,
                now.sessions(), now.openFiles(), now.openChannels());
        }
        double requests = (now.requestsServed() - before.requestsServed()) / seconds;
        boolean kinds = statsBefore != null && statsNow != null;
        double reads = kinds ? delta(statsBefore, statsNow, Set.of("READ")) / seconds : 0;
        double writes = kinds ? delta(statsBefore, statsNow, Set.of("WRITE")) / seconds : 0;
        double openClose = kinds ? delta(statsBefore, statsNow, OPEN_CLOSE) / seconds : 0;
        double namespace = kinds ? delta(statsBefore, statsNow, NAMESPACE) / seconds : 0;
        double all = kinds ? delta(statsBefore, statsNow, null) / seconds : 0;
        return new NodeSample(server, true, null, null, requests, reads, writes, openClose, namespace,
            Math.max(0, all - reads - writes - openClose - namespace),
            (now.bytesRead() - before.bytesRead()) / seconds, (now.bytesWritten() - before.bytesWritten()) / seconds,
            kinds ? percentileMillis(statsBefore.latency(), statsNow.latency(), 0.50) : null,
            kinds ? percentileMillis(statsBefore.latency(), statsNow.latency(), 0.99) : null,
            kinds && statsNow.journalRecords() >= 0 ? (statsNow.journalRecords() - statsBefore.journalRecords()) / seconds : 0,
            now.sessions(), now.openFiles(), now.openChannels());
    }

    /** Requests of these kinds (all kinds for {@code null}) answered between two answers. */
    private static long delta(NodeStats before, NodeStats now, Set<String> kinds) {
        long n = 0;
        for (Map.Entry<String, Long> e : now.requests().entrySet()) {
            if (kinds == null || kinds.contains(e.getKey())) {
                n += e.getValue() - before.requests().getOrDefault(e.getKey(), 0L);
            }
        }
        return n;
    }

    /**
     * The latency below which a share {@code p} of the requests answered between two answers fell: the bound of the
     * bucket where the running count reaches it (so at most one bucket, 20 %, high), in milliseconds.
     */
    static Double percentileMillis(List<Long> before, List<Long> now, double p) {
        long total = 0;
        for (int k = 0; k < now.size(); k++) {
            total += now.get(k) - before.get(k);
        }
        if (total <= 0) {
            return null;
        }
        long rank = (long) Math.ceil(p * total);
        long running = 0;
        for (int k = 0; k < now.size(); k++) {
            running += now.get(k) - before.get(k);
            if (running >= rank) {
                return NodeStats.boundMicros(k) / 1000.0;
            }
        }
        return NodeStats.boundMicros(now.size() - 1) / 1000.0;
    }
}
