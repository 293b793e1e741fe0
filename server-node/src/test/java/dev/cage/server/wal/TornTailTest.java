package dev.cage.server.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a log whose last segment a crash (or a bad disk) left damaged. */
class TornTailTest {
    private static final LogConfig CONFIG = LogConfig.defaults().withSegmentSize(32 << 10);

    @TempDir
    Path dir;
    private long seed;
    private Random random;
    private final List<LogPosition> positions = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private Path last;
    private byte[] lastSegmentBytes;

    @BeforeEach
    void writeALogOfSeveralSegments() throws IOException {
        seed = Long.getLong("wal.seed", System.nanoTime());
        System.out.println("TornTailTest seed " + seed + " (rerun with -Dwal.seed=" + seed + ")");
        random = new Random(seed);
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            // At least 120 records, and on until the last segment holds four or more.
            for (int i = 0; i < 120 || positions.get(i - 4).segment() != positions.get(i - 1).segment(); i++) {
                byte[] payload = SegmentLogTest.bytes(random, random.nextInt(1_500));
                payloads.add(payload);
                positions.add(log.append(i % 256, ByteBuffer.wrap(payload)).join());
            }
        }
        LogPosition lastRecord = positions.get(positions.size() - 1);
        assertThat(lastRecord.segment()).as("the log has rolled").isGreaterThan(2);
        assertThat(positions.get(positions.size() - 4).segment()).as("the last segment holds several records")
            .isEqualTo(lastRecord.segment());
        last = Segment.file(dir, lastRecord.segment());
        lastSegmentBytes = Files.readAllBytes(last);
    }

    @Test
    void open_lastRecordCutAtRandomOffsets_dropsExactlyThatRecordAndReportsIt() throws IOException {
        LogPosition lastRecord = positions.get(positions.size() - 1);
        int start = (int) lastRecord.offset();
        int size = lastSegmentBytes.length - start;
        List<Integer> cuts = new ArrayList<>(List.of(1, RecordCodec.HEADER_SIZE - 1, RecordCodec.HEADER_SIZE));
        for (int i = 0; i < 40; i++) {
            cuts.add(1 + random.nextInt(size - 1));
        }
        for (int kept : cuts) {
            if (kept >= size) {
                continue; // a one-byte payload: no cut inside it beyond the header
            }
            Files.write(last, Arrays.copyOf(lastSegmentBytes, start + kept));
            assertDropsLastRecord(start, kept, "cut after " + kept + " of " + size + " bytes");
        }
    }

    @Test
    void open_byteFlippedInLastRecord_dropsItAndReportsIt() throws IOException {
        LogPosition lastRecord = positions.get(positions.size() - 1);
        int start = (int) lastRecord.offset();
        int size = lastSegmentBytes.length - start;
        List<Integer> flips = new ArrayList<>(List.of(0, 1, 2, 5, 6, 9));
        for (int i = 0; i < 20; i++) {
            flips.add(random.nextInt(size));
        }
        for (int at : flips) {
            byte[] damaged = lastSegmentBytes.clone();
            damaged[start + at] ^= (byte) (1 << random.nextInt(8));
            Files.write(last, damaged);
            assertDropsLastRecord(start, size, "byte " + at + " of " + size + " flipped");
        }
    }

    @Test
    void open_byteFlippedInAnEarlierRecord_refusesNamingSegmentAndOffset() throws IOException {
        LogPosition victim = positions.get(positions.size() - 3);
        LogPosition next = positions.get(positions.size() - 2);
        byte[] damaged = lastSegmentBytes.clone();
        int at = (int) victim.offset() + random.nextInt((int) (next.offset() - victim.offset()));
        damaged[at] ^= 0x10;
        Files.write(last, damaged);
        assertThatThrownBy(() -> SegmentLog.open(dir, CONFIG))
            .isInstanceOfSatisfying(LogCorruptedException.class, e -> {
                assertThat(e.segment()).isEqualTo(last);
                assertThat(e.offset()).isEqualTo(victim.offset());
            })
            .hasMessageContaining(last.getFileName().toString())
            .hasMessageContaining("offset " + victim.offset())
            .hasMessageContaining("refusing to open");
        // Refusing changed nothing: the damage is still there for someone to look at.
        assertThat(Files.readAllBytes(last)).isEqualTo(damaged);
    }

    @Test
    void open_zerosInPlaceOfAnEarlierRecord_refuses() throws IOException {
        LogPosition victim = positions.get(positions.size() - 2);
        byte[] damaged = lastSegmentBytes.clone();
        Arrays.fill(damaged, (int) victim.offset(), (int) victim.offset() + RecordCodec.HEADER_SIZE, (byte) 0);
        Files.write(last, damaged);
        assertThatThrownBy(() -> SegmentLog.open(dir, CONFIG))
            .isInstanceOf(LogCorruptedException.class).hasMessageContaining("offset " + victim.offset());
    }

    @Test
    void open_zeroFilledTail_readsAsTheEndOfTheLog() throws IOException {
        byte[] padded = Arrays.copyOf(lastSegmentBytes, lastSegmentBytes.length + 8192);
        Files.write(last, padded);
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            assertThat(log.recovery().truncated()).singleElement().satisfies(t -> {
                assertThat(t.offset()).isEqualTo(lastSegmentBytes.length);
                assertThat(t.bytes()).isEqualTo(8192);
                assertThat(t.reason()).contains("zero-filled");
            });
            assertThat(SegmentLogTest.scanAll(log)).hasSize(positions.size());
        }
        assertThat(Files.readAllBytes(last)).isEqualTo(lastSegmentBytes);
    }

    @Test
    void open_emptyLastSegment_isClean() throws IOException {
        Path empty = Segment.file(dir, positions.get(positions.size() - 1).segment() + 1);
        Files.createFile(empty);
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            assertThat(log.recovery().clean()).isTrue();
            assertThat(SegmentLogTest.scanAll(log)).hasSize(positions.size());
            assertThat(log.append(1, ByteBuffer.allocate(1)).join()).isEqualTo(new LogPosition(
                Segment.number(empty), 0));
        }
    }

    /** Opens the damaged log and checks it cut the last record (its {@code bytes} left on disk) and nothing else. */
    private void assertDropsLastRecord(int start, int bytes, String what) throws IOException {
        LogPosition lastRecord = positions.get(positions.size() - 1);
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            assertThat(log.recovery().truncated()).as(what).singleElement().satisfies(t -> {
                assertThat(t.segment()).isEqualTo(last);
                assertThat(t.offset()).isEqualTo(start);
                assertThat(t.bytes()).isEqualTo(bytes);
            });
            assertThat(log.durableEnd()).as(what).isEqualTo(lastRecord);
            List<LogRecord> records = SegmentLogTest.scanAll(log);
            assertThat(records).as(what).hasSize(positions.size() - 1);
            for (int i = 0; i < records.size(); i++) {
                assertThat(records.get(i).position()).isEqualTo(positions.get(i));
                assertThat(records.get(i).payloadBytes()).isEqualTo(payloads.get(i));
            }
            // The log goes on where the torn record was.
            assertThat(log.append(7, ByteBuffer.wrap(new byte[] {1, 2, 3})).join()).isEqualTo(lastRecord);
        }
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            assertThat(log.recovery().clean()).as(what).isTrue();
            assertThat(log.read(lastRecord).payloadBytes()).containsExactly(1, 2, 3);
        }
    }
}
