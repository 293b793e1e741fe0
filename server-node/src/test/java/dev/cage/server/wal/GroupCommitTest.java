package dev.cage.server.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void append_manyThreads_everyRecordDurableAndReadableAfterReopen() throws Exception {
        int threads = 8;
        int perThread = 300;
        LogConfig config = LogConfig.defaults().withSegmentSize(1 << 20);
        Map<LogPosition, byte[]> appended = new ConcurrentHashMap<>();
        LogStats stats;
        try (SegmentLog log = SegmentLog.open(dir, config)) {
            onThreads(threads, seed -> {
                Random random = new Random(seed);
                List<CompletableFuture<Void>> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    byte[] payload = SegmentLogTest.bytes(random, random.nextInt(8_192));
                    mine.add(log.append(seed, ByteBuffer.wrap(payload)).thenAccept(at -> appended.put(at, payload)));
                    if (i % 50 == 0) {
                        mine.get(i).join(); // some appenders also wait now and then, as sessions do
                    }
                }
                mine.forEach(CompletableFuture::join);
            });
            stats = log.stats();
        }
        assertThat(appended).hasSize(threads * perThread);
        assertThat(stats.records()).isEqualTo(threads * perThread);
        assertThat(stats.forces()).isLessThanOrEqualTo(stats.records());
        System.out.printf("group commit: %d records, %d forces (%.3f forces per record)%n",
            stats.records(), stats.forces(), (double) stats.forces() / stats.records());
        assertReopenedLogHolds(config, appended);
    }

    @Test
    void append_whileAForceRuns_allShareTheNextForce() throws Exception {
        TestChannels channels = new TestChannels();
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults(), channels)) {
            channels.holdForces();
            CompletableFuture<LogPosition> first = log.append(1, ByteBuffer.allocate(10));
            await().until(() -> channels.forcesHeld() == 1); // the writer is inside the force for `first`
            List<CompletableFuture<LogPosition>> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(log.append(2, ByteBuffer.allocate(i * 10)));
            }
            assertThat(first).isNotDone();
            assertThat(batch).noneMatch(CompletableFuture::isDone);

            channels.releaseForces();
            first.join();
            batch.forEach(CompletableFuture::join);
            // One force for `first`, exactly one for the hundred appended while it ran.
            assertThat(log.stats()).isEqualTo(new LogStats(101, log.stats().bytes(), 2, 0));
        }
    }

    @Test
    void awaitDurable_returnsOnceForced() throws Exception {
        TestChannels channels = new TestChannels();
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults(), channels)) {
            LogPosition before = log.append(1, ByteBuffer.allocate(10)).join();
            channels.holdForces();
            CompletableFuture<LogPosition> held = log.append(1, ByteBuffer.allocate(10));
            await().until(() -> channels.forcesHeld() == 1);
            log.awaitDurable(before); // already durable: returns at once
            assertThat(log.durableEnd()).isEqualTo(new LogPosition(1, 20));
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                try {
                    log.awaitDurable(new LogPosition(1, 20));
                } catch (InterruptedException | LogFailedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(waiter).isNotDone();
            channels.releaseForces();
            waiter.join();
            assertThat(held.join()).isEqualTo(new LogPosition(1, 20));
            assertThat(log.read(held.join()).payload().remaining()).isEqualTo(10);
        }
    }

    @Test
    void awaitDurable_afterClose_failsForARecordNeverWritten() throws IOException {
        SegmentLog log = SegmentLog.open(dir, LogConfig.defaults());
        log.close();
        assertThatThrownBy(() -> log.awaitDurable(new LogPosition(1, 0)))
            .isInstanceOf(LogFailedException.class).hasMessageContaining("closed");
    }
    @Test
    void writeQueued_oneAppenderAtATime_writesAndForcesOnTheAppendersThread() throws Exception {
        TestChannels channels = new TestChannels();
        LogConfig config = LogConfig.defaults().withPreallocation(false);
        try (SegmentLog log = SegmentLog.open(dir, config, channels)) {
            String me = Thread.currentThread().getName();
            int opening = channels.forcesByThread().getOrDefault(me, 0); // the new segment and its directory
            for (int i = 0; i < 100; i++) {
                CompletableFuture<LogPosition> f = appendToWrite(log, i);
                log.writeQueued();
                assertThat(f).isCompleted(); // durable when writeQueued returns: no hand-off to the writer thread
            }
            assertThat(channels.forcesByThread()).isEqualTo(Map.of(me, opening + 100));
        }
    }

    @Test
    void writeQueued_whileAnotherThreadForces_recordIsWrittenAfterIt() throws Exception {
        TestChannels channels = new TestChannels();
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults(), channels)) {
            channels.holdForces();
            CompletableFuture<Void> leader = CompletableFuture.runAsync(() -> {
                appendToWrite(log, 1);
                log.writeQueued(); // leads, and waits inside the held force
            });
            await().until(() -> channels.forcesHeld() == 1);
            CompletableFuture<LogPosition> mine = appendToWrite(log, 2);
            log.writeQueued(); // someone is writing: returns at once, leaving the record to be taken after it
            assertThat(mine).isNotDone();
            channels.releaseForces();
            leader.join();
            LogPosition at = mine.get(10, TimeUnit.SECONDS);
            assertThat(log.read(at).payload().remaining()).isEqualTo(2);
            assertThat(log.stats().forces()).isEqualTo(2);
        }
    }

    @Test
    void writeQueued_interruptedThread_leavesTheRecordToTheWriterAndTheLogWorks() throws Exception {
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults())) {
            CompletableFuture<LogPosition> f = appendToWrite(log, 5);
            Thread.currentThread().interrupt();
            try {
                log.writeQueued(); // an interrupt during channel I/O would close the segment: the writer thread writes
            } finally {
                assertThat(Thread.interrupted()).isTrue();
            }
            assertThat(log.read(f.get(10, TimeUnit.SECONDS)).payload().remaining()).isEqualTo(5);
            CompletableFuture<LogPosition> next = appendToWrite(log, 6);
            log.writeQueued();
            assertThat(next).isCompleted();
            assertThat(log.failed()).isFalse();
        }
    }

    @Test
    void writeQueued_manyThreadsWithAsyncAppends_everyRecordDurableOnceInQueueOrder() throws Exception {
        int threads = 8;
        int perThread = 400;
        LogConfig config = LogConfig.defaults().withSegmentSize(1 << 20);
        Map<LogPosition, byte[]> appended = new ConcurrentHashMap<>();
        try (SegmentLog log = SegmentLog.open(dir, config)) {
            onThreads(threads, seed -> {
                boolean leads = seed % 2 == 0; // half wait for each record, as sessions do; half append and go on
                Random random = new Random(seed);
                List<CompletableFuture<Void>> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    byte[] payload = SegmentLogTest.bytes(random, random.nextInt(4_096));
                    CompletableFuture<LogPosition> f;
                    if (leads) {
                        f = log.appendTogetherToWrite(List.of(new SegmentLog.NewRecord(seed, ByteBuffer.wrap(payload))))
                            .get(0);
                        log.writeQueued();
                        f.join();
                    } else {
                        f = log.append(seed, ByteBuffer.wrap(payload));
                    }
                    mine.add(f.thenAccept(at -> assertThat(appended.put(at, payload)).isNull()));
                }
                mine.forEach(CompletableFuture::join);
            });
            assertThat(log.stats().records()).isEqualTo(threads * perThread);
        }
        assertReopenedLogHolds(config, appended);
    }

    /** Runs {@code body} on {@code threads} threads at once, each given its index, and waits for them all. */
    private static void onThreads(int threads, PerThread body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                done.add(pool.submit(() -> {
                    body.run(index);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @FunctionalInterface
    private interface PerThread {
        void run(int index) throws Exception;
    }

    /** Opens the log in {@code dir} again: it must hold exactly the appended records, byte for byte. */
    private void assertReopenedLogHolds(LogConfig config, Map<LogPosition, byte[]> appended) throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, config)) {
            Map<LogPosition, byte[]> read = new HashMap<>();
            log.scan(log.first(), r -> read.put(r.position(), r.payloadBytes()) == null);
            assertThat(read.keySet()).isEqualTo(appended.keySet());
            appended.forEach((at, payload) -> assertThat(read.get(at)).isEqualTo(payload));
        }
    }

    private static CompletableFuture<LogPosition> appendToWrite(SegmentLog log, int length) {
        return log.appendTogetherToWrite(List.of(new SegmentLog.NewRecord(1, ByteBuffer.allocate(length)))).get(0);
    }
}
