package dev.cage.server.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogTest {
    @TempDir
    Path dir;

    @Test
    void append_manySizes_readBackEqualBytes() throws IOException {
        int[] sizes = {0, 1, 9, 10, 11, 4095, 4096, 65_537, 1 << 20, 3 * (1 << 20) + 7};
        Random random = new Random(1);
        List<byte[]> payloads = new ArrayList<>();
        List<LogPosition> positions = new ArrayList<>();
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults())) {
            for (int size : sizes) {
                byte[] payload = bytes(random, size);
                payloads.add(payload);
                positions.add(log.append(size % 256, ByteBuffer.wrap(payload)).join());
            }
            for (int i = 0; i < sizes.length; i++) {
                LogRecord record = log.read(positions.get(i));
                assertThat(record.type()).isEqualTo(sizes[i] % 256);
                assertThat(record.payloadBytes()).isEqualTo(payloads.get(i));
                assertThat(record.position()).isEqualTo(positions.get(i));
            }
        }
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults())) {
            assertThat(log.recovery().clean()).isTrue();
            List<LogRecord> scanned = scanAll(log);
            assertThat(scanned).extracting(LogRecord::position).containsExactlyElementsOf(positions);
            for (int i = 0; i < sizes.length; i++) {
                assertThat(scanned.get(i).payloadBytes()).isEqualTo(payloads.get(i));
            }
        }
    }

    @Test
    void append_manyRecordsAcrossRolls_reopenScansTheSameInOrder() throws IOException {
        LogConfig config = LogConfig.defaults().withSegmentSize(64 << 10);
        Random random = new Random(2);
        List<byte[]> payloads = new ArrayList<>();
        List<CompletableFuture<LogPosition>> futures = new ArrayList<>();
        try (SegmentLog log = SegmentLog.open(dir, config)) {
            for (int i = 0; i < 2_000; i++) {
                byte[] payload = bytes(random, random.nextInt(2_000));
                payloads.add(payload);
                futures.add(log.append(i % 7, ByteBuffer.wrap(payload)));
            }
            futures.forEach(CompletableFuture::join);
            assertThat(log.stats().records()).isEqualTo(2_000);
        }
        assertThat(segmentFiles()).hasSizeGreaterThan(10);
        try (SegmentLog log = SegmentLog.open(dir, config)) {
            List<LogRecord> scanned = scanAll(log);
            assertThat(scanned).hasSize(2_000);
            for (int i = 0; i < scanned.size(); i++) {
                assertThat(scanned.get(i).position()).isEqualTo(futures.get(i).join());
                assertThat(scanned.get(i).type()).isEqualTo(i % 7);
                assertThat(scanned.get(i).payloadBytes()).isEqualTo(payloads.get(i));
            }
            // Appending goes on in the last segment after a reopen.
            LogPosition next = log.append(1, ByteBuffer.wrap(new byte[] {42})).join();
            assertThat(next).isGreaterThan(futures.get(futures.size() - 1).join());
        }
    }

    @Test
    void append_severalBuffers_isOneRecordAndLeavesTheBuffersAlone() throws IOException {
        ByteBuffer a = ByteBuffer.wrap("hello, ".getBytes());
        ByteBuffer b = ByteBuffer.allocateDirect(5).put("world".getBytes()).flip();
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults())) {
            LogPosition at = log.append(3, a, b).join();
            assertThat(new String(log.read(at).payloadBytes())).isEqualTo("hello, world");
            assertThat(a.remaining()).isEqualTo(7);
            assertThat(b.remaining()).isEqualTo(5);
        }
    }

    @Test
    void append_recordBiggerThanASegment_getsASegmentOfItsOwn() throws IOException {
        LogConfig config = LogConfig.defaults().withSegmentSize(4096);
        try (SegmentLog log = SegmentLog.open(dir, config)) {
            LogPosition small = log.append(1, ByteBuffer.allocate(100)).join();
            LogPosition big = log.append(2, ByteBuffer.allocate(10_000)).join();
            LogPosition after = log.append(3, ByteBuffer.allocate(100)).join();
            assertThat(small).isEqualTo(new LogPosition(1, 0));
            assertThat(big).isEqualTo(new LogPosition(2, 0));
            assertThat(after).isEqualTo(new LogPosition(3, 0));
            assertThat(log.read(big).payload().remaining()).isEqualTo(10_000);
        }
    }

    @Test
    void append_aboveTheMaximum_isRefused() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults().withMaxRecordSize(1000))) {
            assertThatThrownBy(() -> log.append(1, ByteBuffer.allocate(600), ByteBuffer.allocate(401)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1001 bytes is above the log's maximum record size of 1000 bytes");
            assertThatThrownBy(() -> log.append(256, ByteBuffer.allocate(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..255");
            assertThat(log.append(1, ByteBuffer.allocate(1000)).join()).isEqualTo(new LogPosition(1, 0));
        }
    }

    @Test
    void scan_fromARecord_visitsItAndWhatFollowsAndCanStop() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults().withSegmentSize(256))) {
            List<LogPosition> positions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                positions.add(log.append(i, ByteBuffer.allocate(50)).join());
            }
            List<Integer> types = new ArrayList<>();
            LogPosition stop = log.scan(positions.get(5), r -> types.add(r.type()) && types.size() < 3);
            assertThat(types).containsExactly(5, 6, 7);
            types.clear();
            assertThat(log.scan(stop, r -> types.add(r.type()))).isEqualTo(log.durableEnd());
            assertThat(types).containsExactlyElementsOf(List.of(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19));
        }
    }

    @Test
    void read_notARecordsPosition_isCorruptionNamingTheSegment() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults())) {
            log.append(1, ByteBuffer.allocate(100)).join();
            assertThatThrownBy(() -> log.read(new LogPosition(1, 3)))
                .isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining("00000000000000000001.wal").hasMessageContaining("offset 3");
            assertThatThrownBy(() -> log.read(log.durableEnd())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void close_withAppendsPending_completesThemAndFailsLaterOnes() throws IOException {
        List<CompletableFuture<LogPosition>> futures = new ArrayList<>();
        SegmentLog log = SegmentLog.open(dir, LogConfig.defaults());
        for (int i = 0; i < 500; i++) {
            futures.add(log.append(1, ByteBuffer.allocate(1000)));
        }
        log.close();
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThatThrownBy(() -> log.append(1, ByteBuffer.allocate(1)).join())
            .isInstanceOf(CompletionException.class).cause()
            .isInstanceOf(LogFailedException.class).hasMessageContaining(dir.toString()).hasMessageContaining("closed");
        try (SegmentLog reopened = SegmentLog.open(dir, LogConfig.defaults())) {
            assertThat(scanAll(reopened)).hasSize(500);
        }
    }

    @Test
    void open_twice_isRefused() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, LogConfig.defaults())) {
            assertThatThrownBy(() -> SegmentLog.open(dir, LogConfig.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("already open");
        }
    }

    @Test
    void position_longForm_roundTripsAndOrders() {
        LogPosition a = new LogPosition(7, 0xFFFF_FFFFL);
        LogPosition b = new LogPosition(8, 0);
        assertThat(LogPosition.fromLong(a.toLong())).isEqualTo(a);
        assertThat(a.toLong()).isLessThan(b.toLong());
        assertThat(a).isLessThan(b);
        assertThatThrownBy(() -> new LogPosition(1, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    static List<LogRecord> scanAll(SegmentLog log) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        log.scan(log.first(), records::add);
        return records;
    }

    static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".wal")).toList();
        }
    }
}
