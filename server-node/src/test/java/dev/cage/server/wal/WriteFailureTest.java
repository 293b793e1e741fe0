package dev.cage.server.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that fail: a full disk (a quota under real files: the write that crosses it is partial, the next fails with
 * "No space left on device", as the kernel does) and a failing force. Only root can mount a small tmpfs here.
 */
class WriteFailureTest {
    /** Without spares: the quota counts the log's own bytes (PreallocationTest covers a spare that fails). */
    private static final LogConfig CONFIG = LogConfig.defaults().withSegmentSize(16 << 10).withPreallocation(false);

    @TempDir
    Path dir;

    @Test
    void diskFull_appendsFailClearlyAndReopenHoldsExactlyTheAcknowledged() throws IOException {
        TestChannels channels = new TestChannels();
        Map<LogPosition, byte[]> acknowledged = new LinkedHashMap<>();
        Random random = new Random(4);
        List<CompletableFuture<LogPosition>> after = new ArrayList<>();
        List<byte[]> afterPayloads = new ArrayList<>();
        try (SegmentLog log = SegmentLog.open(dir, CONFIG, channels)) {
            for (int i = 0; i < 40; i++) {
                byte[] payload = SegmentLogTest.bytes(random, 1000);
                acknowledged.put(log.append(1, ByteBuffer.wrap(payload)).join(), payload);
            }
            channels.diskFullAfter(2_500); // two and a half more records
            for (int i = 0; i < 20; i++) {
                byte[] payload = SegmentLogTest.bytes(random, 1000);
                afterPayloads.add(payload);
                after.add(log.append(2, ByteBuffer.wrap(payload)));
            }
            CompletableFuture.allOf(after.toArray(new CompletableFuture[0])).exceptionally(e -> null).join();

            int failed = 0;
            for (int i = 0; i < after.size(); i++) {
                CompletableFuture<LogPosition> f = after.get(i);
                if (f.isCompletedExceptionally()) {
                    failed++;
                    assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause()
                        .isInstanceOf(LogFailedException.class)
                        .hasMessageContaining(dir.toAbsolutePath().toString())
                        .hasMessageContaining("No space left on device");
                } else {
                    acknowledged.put(f.join(), afterPayloads.get(i));
                }
            }
            assertThat(failed).isGreaterThanOrEqualTo(18);
            // Failed until reopened, even though a record would fit again.
            assertThatThrownBy(() -> log.append(3, ByteBuffer.allocate(0)).join()).cause()
                .isInstanceOf(LogFailedException.class).hasMessageContaining("must be reopened");
        }
        assertHoldsExactly(acknowledged);
    }

    @Test
    void diskFullWhileRolling_reopenHoldsExactlyTheAcknowledged() throws IOException {
        TestChannels channels = new TestChannels();
        Map<LogPosition, byte[]> acknowledged = new LinkedHashMap<>();
        Random random = new Random(5);
        try (SegmentLog log = SegmentLog.open(dir, CONFIG, channels)) {
            LogPosition at = LogPosition.ZERO;
            while (at.offset() < 12_000) {
                byte[] payload = SegmentLogTest.bytes(random, 1000);
                at = log.append(1, ByteBuffer.wrap(payload)).join();
                acknowledged.put(at, payload);
            }
            // A group that fills this segment and spills into the next, where the disk is full.
            channels.diskFullAfter(16_384 - log.durableEnd().offset() + 500);
            List<CompletableFuture<LogPosition>> group = new ArrayList<>();
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] payload = SegmentLogTest.bytes(random, 1000);
                payloads.add(payload);
                group.add(log.append(2, ByteBuffer.wrap(payload)));
            }
            CompletableFuture.allOf(group.toArray(new CompletableFuture[0])).exceptionally(e -> null).join();
            assertThat(group).anyMatch(CompletableFuture::isCompletedExceptionally);
            // Those that fit the old segment were forced when it was sealed: acknowledged despite the failure.
            assertThat(group).anyMatch(f -> !f.isCompletedExceptionally());
            for (int i = 0; i < group.size(); i++) {
                if (!group.get(i).isCompletedExceptionally()) {
                    acknowledged.put(group.get(i).join(), payloads.get(i));
                }
            }
        }
        assertHoldsExactly(acknowledged);
    }

    @Test
    void forceFails_nothingAcknowledgedAndReopenHoldsExactlyTheAcknowledged() throws Exception {
        TestChannels channels = new TestChannels();
        Map<LogPosition, byte[]> acknowledged = new LinkedHashMap<>();
        try (SegmentLog log = SegmentLog.open(dir, CONFIG, channels)) {
            for (int i = 0; i < 5; i++) {
                byte[] payload = {(byte) i};
                acknowledged.put(log.append(1, ByteBuffer.wrap(payload)).join(), payload);
            }
            channels.failForces();
            CompletableFuture<LogPosition> lost = log.append(1, ByteBuffer.wrap(new byte[] {9}));
            assertThatThrownBy(lost::join).cause().isInstanceOf(LogFailedException.class)
                .hasMessageContaining("Input/output error").hasMessageContaining(dir.toAbsolutePath().toString());
            assertThatThrownBy(() -> log.awaitDurable(log.durableEnd()))
                .isInstanceOf(LogFailedException.class).hasMessageContaining("not durable");
        }
        assertHoldsExactly(acknowledged);
    }

    /** Reopened without failures, the log holds exactly these records, and takes new ones. */
    private void assertHoldsExactly(Map<LogPosition, byte[]> acknowledged) throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            assertThat(log.recovery().clean()).as("the failed log was cut back before it closed").isTrue();
            List<LogRecord> records = SegmentLogTest.scanAll(log);
            assertThat(records).extracting(LogRecord::position).containsExactlyElementsOf(acknowledged.keySet());
            for (LogRecord r : records) {
                assertThat(r.payloadBytes()).isEqualTo(acknowledged.get(r.position()));
            }
            LogPosition next = log.append(1, ByteBuffer.wrap(new byte[] {7})).join();
            assertThat(log.read(next).payloadBytes()).containsExactly(7);
        }
    }
}
