package dev.cage.bench.cache;

import dev.cage.bench.CorruptDataException;
import java.io.IOException;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Reads a trace of 4 KiB blocks through one column, one read at a time, timing only the reads: they go in
 * batches of {@value #BATCH} into as many buffers, the clock is read around each batch, and every buffer is
 * then checked against the file's {@link FileContent} outside the timed part. A column that returns wrong
 * bytes fails with {@link CorruptDataException}, so a broken cache cannot report a fast figure.
 *
 * <p>The trace is read again, whole, until at least {@code minNanos} of read time has passed, so a fast column
 * is timed over long enough to be steady; every column still reads the same blocks in the same order.
 */
final class TimedReads {
    /** Reads per clock reading; the buffers (256 KiB) stay in the CPU cache for the check. */
    static final int BATCH = 64;
    private final FileContent content;
    private final LongSupplier clock;
    private final byte[][] buffers = new byte[BATCH][FileContent.BLOCK];

    /** How many reads were timed, and for how long. */
    record Outcome(long reads, long nanos) {
        double perSecond() {
            return reads / (Math.max(1, nanos) / 1e9);
        }
    }

    TimedReads(FileContent content, LongSupplier clock) {
        this.content = content;
        this.clock = clock;
    }

    /**
     * Reads block {@code trace[i]} for every i, in order, repeating the trace until {@code minNanos} of read time
     * has passed (at least once); {@code progress} hears the reads done, batch by batch.
     */
    Outcome run(ReadColumn column, long[] trace, long minNanos, LongConsumer progress) throws IOException {
        long reads = 0;
        long nanos = 0;
        do {
            for (int from = 0; from < trace.length; from += BATCH) {
                int n = Math.min(BATCH, trace.length - from);
                long start = clock.getAsLong();
                for (int i = 0; i < n; i++) {
                    column.read(trace[from + i] * FileContent.BLOCK, buffers[i]);
                }
                nanos += clock.getAsLong() - start;
                for (int i = 0; i < n; i++) {
                    long offset = trace[from + i] * FileContent.BLOCK;
                    if (!content.matches(offset, buffers[i], 0, FileContent.BLOCK)) {
                        throw new CorruptDataException(column.title() + " returned wrong bytes for the 4 KiB at " + offset);
                    }
                }
                reads += n;
                progress.accept(n);
            }
        } while (nanos < minNanos && trace.length > 0);
        return new Outcome(reads, nanos);
    }
}
