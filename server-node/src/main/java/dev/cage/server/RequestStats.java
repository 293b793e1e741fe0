package dev.cage.server;

import dev.cage.protocol.NodeStats;
import dev.cage.protocol.Opcode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests answered on the data ports, by kind, and how long each took from arrival to reply ({@link RequestTimer}
 * counts them), for {@code ADMIN_STATS}. {@link LongAdder}s: many event-loop threads count at once without
 * contending.
 */
final class RequestStats {
    private final LongAdder[] byOpcode = new LongAdder[256];
    private final LongAdder[] latency = new LongAdder[NodeStats.BUCKETS];

    RequestStats() {
        for (Opcode op : Opcode.values()) {
            byOpcode[op.code()] = new LongAdder();
        }
        for (int k = 0; k < latency.length; k++) {
            latency[k] = new LongAdder();
        }
    }

    void answered(Opcode op, long nanos) {
        byOpcode[op.code()].increment();
        latency[NodeStats.bucketOf(nanos / 1_000)].increment();
    }

    NodeStats snapshot(long journalRecords) {
        Map<Opcode, Long> requests = new EnumMap<>(Opcode.class);
        for (Opcode op : Opcode.values()) {
            long n = byOpcode[op.code()].sum();
            if (n > 0) {
                requests.put(op, n);
            }
        }
        List<Long> buckets = new ArrayList<>(latency.length);
        for (LongAdder bucket : latency) {
            buckets.add(bucket.sum());
        }
        return new NodeStats(requests, buckets, journalRecords);
    }
}
