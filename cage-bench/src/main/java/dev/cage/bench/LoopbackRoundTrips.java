package dev.cage.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/**
 * The floor under any read over the wire on this machine: 4 KiB answers to 8-byte requests over a plain TCP socket on
 * 127.0.0.1 ({@link RawSocketServer}'s ping-pong), timed one by one. Benchmarks time it beside their own reads so that
 * a reader can tell protocol cost from the machine's round trip.
 */
public final class LoopbackRoundTrips {
    private LoopbackRoundTrips() {
    }

    /** {@code count} timed round trips at random offsets of a {@code fileSize}-byte content; sorted nanoseconds. */
    public static long[] sample(int count, long fileSize, long seed) throws IOException {
        long[] nanos = new long[count];
        byte[] page = new byte[RawSocketServer.POINT];
        Random r = new Random(seed);
        long points = Math.max(1, fileSize / RawSocketServer.POINT);
        try (RawSocketColumn raw = new RawSocketColumn(new Content(seed));
             Column.RandomReads reads = raw.randomReads("loopback", 0, 1);
             Column.PointReader reader = reads.forThread(0)) {
            for (int i = 0; i < count; i++) {
                long offset = (long) (r.nextDouble() * points) * RawSocketServer.POINT;
                long t0 = System.nanoTime();
                reader.read(offset, page);
                nanos[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }
}
