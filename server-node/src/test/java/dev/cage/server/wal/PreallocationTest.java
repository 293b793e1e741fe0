package dev.cage.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments begun in a file prepared ahead, zero-filled: records read back the same, sealed segments end where their
 * records end, a crash that leaves the zeros behind loses nothing, and a spare that cannot be prepared costs nothing.
 */
class PreallocationTest {
    private static final LogConfig CONFIG = LogConfig.defaults().withSegmentSize(64 << 10);
    /** Rolls tried before giving up on the spare thread (each roll takes a spare if one is ready). */
    private static final int MOST_SEGMENTS = 400;

    @TempDir
    Path dir;
    private final Random random = new Random(42);
    private final List<byte[]> written = new ArrayList<>();

    @Test
    void rollsIntoPreparedFiles_recordsReadBackAndSealedSegmentsEndAtTheirRecords() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            appendUntilPreallocated(log, 2);
            LogPosition end = log.durableEnd();
            assertThat(Files.size(Segment.file(dir, end.segment()))).as("the active segment is a prepared file")
                .isEqualTo(CONFIG.segmentSize());
            assertReadsBackWritten(log);
            Map<Long, Long> recordsEnd = new TreeMap<>();
            log.scan(log.first(), r -> {
                recordsEnd.put(r.position().segment(), r.end().offset());
                return true;
            });
            recordsEnd.remove(end.segment());
            assertThat(recordsEnd).hasSizeGreaterThanOrEqualTo(2);
            for (Map.Entry<Long, Long> sealed : recordsEnd.entrySet()) {
                assertThat(Files.size(Segment.file(dir, sealed.getKey())))
                    .as("sealed segment %d ends where its last record ends", sealed.getKey()).isEqualTo(sealed.getValue());
            }
        }
        // Closed: the active segment was cut to its records; reopening reports nothing and appends go on.
        try (SegmentLog log = SegmentLog.open(dir, CONFIG)) {
            assertThat(log.recovery().clean()).isTrue();
            assertThat(Files.size(Segment.file(dir, log.durableEnd().segment()))).isEqualTo(log.durableEnd().offset());
            assertThat(dir.resolve(SpareSegment.NAME)).doesNotExist();
            assertReadsBackWritten(log);
            append(log);
            assertReadsBackWritten(log);
        }
    }

    @Test
    void crashWithZerosAfterTheRecords_opensWithEveryRecord() throws IOException {
        Path crashed = dir.resolve("crashed");
        try (SegmentLog log = SegmentLog.open(dir.resolve("live"), CONFIG)) {
            appendUntilPreallocated(log, 1);
            while (log.durableEnd().offset() < CONFIG.segmentSize() / 4) {
                append(log); // some records in the prepared file, zeros after them
            }
            assertThat(Files.size(Segment.file(log.directory(), log.durableEnd().segment())))
                .as("a prepared file").isEqualTo(CONFIG.segmentSize());
            copy(log.directory(), crashed); // what a power cut leaves: the zeros, and maybe a half-written spare
            Files.write(crashed.resolve(SpareSegment.NAME), new byte[100]);
        }
        try (SegmentLog log = SegmentLog.open(crashed, CONFIG)) {
            assertThat(log.recovery().truncated()).singleElement()
                .satisfies(t -> assertThat(t.reason()).contains("zero-filled"));
            assertThat(crashed.resolve(SpareSegment.NAME)).doesNotExist();
            assertReadsBackWritten(log);
            append(log);
            assertReadsBackWritten(log);
        }
    }

    @Test
    void spareCannotBePrepared_logRollsIntoEmptySegmentsAndLeavesNoSpareBehind() throws IOException {
        ChannelFactory noSpares = (file, options) -> {
            if (file.getFileName().toString().equals(SpareSegment.NAME)) {
                throw new IOException("No space left on device");
            }
            return ChannelFactory.DEFAULT.open(file, options);
        };
        try (SegmentLog log = SegmentLog.open(dir, CONFIG, noSpares)) {
            while (log.durableEnd().segment() < 5) {
                append(log);
            }
            assertThat(log.stats().preallocatedSegments()).isZero();
            assertThat(dir.resolve(SpareSegment.NAME)).doesNotExist();
            assertReadsBackWritten(log);
        }
    }

    @Test
    void withoutPreallocation_noSpareIsPrepared() throws IOException {
        try (SegmentLog log = SegmentLog.open(dir, CONFIG.withPreallocation(false))) {
            while (log.durableEnd().segment() < 5) {
                append(log);
                assertThat(dir.resolve(SpareSegment.NAME)).doesNotExist();
            }
            assertThat(log.stats().preallocatedSegments()).isZero();
            assertReadsBackWritten(log);
        }
    }

    /** Appends until {@code count} segments began in prepared files (bounded: the spare is made on its own thread). */
    private void appendUntilPreallocated(SegmentLog log, int count) {
        while (log.stats().preallocatedSegments() < count) {
            assertThat(log.durableEnd().segment()).as("segments rolled without a prepared one").isLessThan(MOST_SEGMENTS);
            append(log);
        }
    }

    private void append(SegmentLog log) {
        byte[] payload = SegmentLogTest.bytes(random, 1 + random.nextInt(2_000));
        log.append(7, ByteBuffer.wrap(payload)).join();
        written.add(payload);
    }

    private void assertReadsBackWritten(SegmentLog log) throws IOException {
        List<LogRecord> records = SegmentLogTest.scanAll(log);
        assertThat(records).hasSize(written.size());
        for (int i = 0; i < records.size(); i++) {
            ByteBuffer payload = records.get(i).payload();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            assertThat(bytes).as("record %d", i).isEqualTo(written.get(i));
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
