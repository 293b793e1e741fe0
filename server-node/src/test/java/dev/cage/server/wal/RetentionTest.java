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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    private static final LogConfig CONFIG = LogConfig.defaults().withSegmentSize(4096);

    @TempDir
    Path dir;

    @Test
    void deleteBefore_keepsEveryRecordAtOrAfterThePosition() throws IOException {
        Random random = new Random(3);
        List<LogPosition> positions = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            for (int i = 0; i < 200; i++) {
                byte[] payload = SegmentLogTest.bytes(random, 100 + random.nextInt(900));
                payloads.add(payload);
                positions.add(log.append(1, ByteBuffer.wrap(payload)).join());
            }
            int keepFrom = 117;
            LogPosition cut = positions.get(keepFrom);
            int deleted = log.deleteBefore(cut);

            assertThat(deleted).isEqualTo(cut.segment() - 1);
            assertThat(log.first()).isEqualTo(new LogPosition(cut.segment(), 0));
            assertThat(Segment.file(dir, cut.segment() - 1)).doesNotExist();
            for (int i = keepFrom; i < positions.size(); i++) {
                assertThat(log.read(positions.get(i)).payloadBytes()).isEqualTo(payloads.get(i));
            }
            List<LogRecord> kept = SegmentLogTest.scanAll(log);
            assertThat(kept.get(0).position().segment()).isEqualTo(cut.segment());
            assertThat(kept).extracting(LogRecord::position).containsSubsequence(positions.subList(keepFrom,
                positions.size()));
            assertThatThrownBy(() -> log.read(positions.get(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before the first record kept");
        }
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            assertThat(log.first().segment()).isEqualTo(positions.get(117).segment());
            assertThat(log.read(positions.get(199)).payloadBytes()).isEqualTo(payloads.get(199));
        }
    }

    @Test
    void deleteBefore_beyondTheEnd_neverDeletesTheActiveSegment() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            LogPosition lastRecord = null;
            for (int i = 0; i < 30; i++) {
                lastRecord = log.append(1, ByteBuffer.allocate(1000)).join();
            }
            log.deleteBefore(new LogPosition(Integer.MAX_VALUE, 0));
            assertThat(log.first().segment()).isEqualTo(lastRecord.segment());
            assertThat(Files.exists(Segment.file(dir, lastRecord.segment()))).isTrue();
            assertThat(log.read(lastRecord).payload().remaining()).isEqualTo(1000);
            LogPosition next = log.append(1, ByteBuffer.allocate(10)).join();
            assertThat(log.read(next).payload().remaining()).isEqualTo(10);
        }
    }
}
