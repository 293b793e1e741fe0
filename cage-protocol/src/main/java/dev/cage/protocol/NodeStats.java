package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A node's request counters by kind and its request latencies since it started, as {@code ADMIN_STATS} reports
 * them. Latency is the time from a request's arrival to its reply being handed to the connection, counted in
 * {@value #BUCKETS} buckets: bucket {@code k} holds latencies up to {@link #boundMicros(int) 2^(k/4) µs} (and above
 * the bound of {@code k - 1}), so a percentile read from them is at most 20 % high from 128 µs on. The last bucket
 * (bound 28 s) holds everything longer. All counters only grow; the difference of two answers describes the time between them.
 *
 * @param requests       requests answered, by opcode (opcodes never seen are left out)
 * @param latency        {@value #BUCKETS} bucket counts
 * @param journalRecords records appended to the journal's log since the node started; -1 without a journal
 */
public record NodeStats(Map<Opcode, Long> requests, List<Long> latency, long journalRecords) {
    public static final int BUCKETS = 100;

    public NodeStats {
        EnumMap<Opcode, Long> copy = new EnumMap<>(Opcode.class);
        copy.putAll(requests);
        requests = Collections.unmodifiableMap(copy);
        latency = List.copyOf(latency);
        if (latency.size() != BUCKETS) {
            throw new IllegalArgumentException("latency has " + latency.size() + " buckets, not " + BUCKETS);
        }
    }

    /** The upper bound of bucket {@code k}, in microseconds. */
    public static long boundMicros(int k) {
        return (long) Math.ceil(Math.pow(2, k / 4.0));
    }

    /** The bucket a latency falls into. */
    public static int bucketOf(long micros) {
        if (micros <= 1) {
            return 0;
        }
        int k = (int) Math.ceil(4 * (Math.log(micros) / Math.log(2)));
        while (k > 0 && boundMicros(k - 1) >= micros) {
            k--; // the floating-point log may land one bucket high
        }
        while (k < BUCKETS - 1 && boundMicros(k) < micros) {
            k++;
        }
        return Math.min(k, BUCKETS - 1);
    }

    /** uint16 n | n x (uint8 opcode, int64 count) | BUCKETS x int64 | int64 journal records. */
    public void writeTo(ByteBuf out) {
        out.writeShort(requests.size());
        requests.forEach((op, n) -> {
            out.writeByte(op.code());
            out.writeLong(n);
        });
        for (long n : latency) {
            out.writeLong(n);
        }
        out.writeLong(journalRecords);
    }

    public static NodeStats readFrom(ByteBuf in) throws ProtocolException {
        int n = Wire.readUnsignedShort(in);
        Map<Opcode, Long> requests = new EnumMap<>(Opcode.class);
        for (int i = 0; i < n; i++) {
            int code = Wire.readUnsignedByte(in);
            long count = Wire.readLong(in);
            Opcode op = Opcode.of(code);
            if (op != null) {
                requests.put(op, count); // an opcode this side does not know (a newer node) is left out
            }
        }
        Long[] buckets = new Long[BUCKETS];
        for (int k = 0; k < BUCKETS; k++) {
            buckets[k] = Wire.readLong(in);
        }
        return new NodeStats(requests, List.of(buckets), Wire.readLong(in));
    }
}
