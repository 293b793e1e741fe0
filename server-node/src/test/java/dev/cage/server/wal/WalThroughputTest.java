package dev.cage.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not an assertion on speed: 1 MiB records appended one after another (each waited for), against
 * plain {@code FileChannel.write} to the same disk with a force after every write and with one force a second.
 * Run with {@code -Pslow}; {@code -Dwal.seconds=N} changes the time per run (default 5).
 */
@Tag("slow")
class WalThroughputTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void sequentialMiBRecords_comparedWithPlainWrites() throws IOException {
        long nanos = Long.getLong("wal.seconds", 5) * 1_000_000_000L;
        ByteBuffer record = ByteBuffer.allocateDirect(MIB);
        byte[] random = new byte[MIB];
        new Random(6).nextBytes(random);
        record.put(random).flip();

        // Which runs first matters on a shared disk (write-back of the previous run's bytes); -Dwal.plainFirst=true
        // swaps the order so both can be reported.
        boolean plainFirst = Boolean.getBoolean("wal.plainFirst");
        double perWrite = plainFirst ? plain(dir.resolve("per-write.dat"), record, nanos, 0) : 0;
        double perSecond = plainFirst ? plain(dir.resolve("per-second.dat"), record, nanos, 1_000_000_000L) : 0;

        long walRecords = 0;
        long start = System.nanoTime();
        LogStats stats;
        try (SegmentLog log = SegmentLog.open(dir.resolve("wal"), LogConfig.defaults())) {
            while (System.nanoTime() - start < nanos) {
                log.append(1, record).join();
                walRecords++;
            }
            stats = log.stats();
        }
        double wal = mibPerSecond(walRecords, System.nanoTime() - start);

        if (!plainFirst) {
            perWrite = plain(dir.resolve("per-write.dat"), record, nanos, 0);
            perSecond = plain(dir.resolve("per-second.dat"), record, nanos, 1_000_000_000L);
        }

        System.out.println(plainFirst ? "(plain runs first)" : "(log runs first)");
        System.out.printf("write-ahead log, 1 MiB records, each durable before the next: %8.1f MiB/s"
            + " (%d records, %d forces, %.3f forces per record)%n", wal, stats.records(), stats.forces(),
            (double) stats.forces() / stats.records());
        System.out.printf("plain FileChannel.write + force per write:                  %8.1f MiB/s  (log/plain %.2f)%n",
            perWrite, wal / perWrite);
        System.out.printf("plain FileChannel.write + force once a second:              %8.1f MiB/s  (log/plain %.2f)%n",
            perSecond, wal / perSecond);
        assertThat(stats.records()).isEqualTo(walRecords);
    }

    /** Writes {@code record} over and over for {@code nanos}, forcing after each write or every {@code forceEvery}. */
    private static double plain(Path file, ByteBuffer record, long nanos, long forceEvery) throws IOException {
        long writes = 0;
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long lastForce = start;
            while (System.nanoTime() - start < nanos) {
                ByteBuffer view = record.duplicate();
                while (view.hasRemaining()) {
                    channel.write(view);
                }
                writes++;
                long now = System.nanoTime();
                if (now - lastForce >= forceEvery) {
                    channel.force(false);
                    lastForce = now;
                }
            }
            channel.force(false);
        }
        return mibPerSecond(writes, System.nanoTime() - start);
    }

    private static double mibPerSecond(long mib, long nanos) {
        return mib / (nanos / 1e9);
    }
}
