package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.wal.LogConfig;
import dev.cage.server.wal.LogPosition;
import dev.cage.server.wal.SegmentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, at the node: a crash leaves the write-ahead log with a torn record at its end (a record being written
 * when the power went, never acknowledged), or a bad disk flips a byte inside a record that was acknowledged. The
 * node starts on the first, cutting exactly the torn record and saying so, with every acknowledged write intact; it
 * refuses to start on the second, naming the segment and the offset, and starts again once the byte is repaired.
 */
class JournalTornLogTest {
    private static final int FILES = 4;
    private static final int HEADER = 10; // RecordCodec.HEADER_SIZE: a cut just before or after it is a case of its own

    @TempDir
    Path tmp;
    private final Random random = new Random(12);
    private final byte[][] content = new byte[FILES][];

    @Test
    void tornRecordAtTheEnd_isCutAndReported_andEveryAcknowledgedWriteIsKept() throws Throwable {
        try (TestNode n = TestNode.startOnFixedPorts(tmp, b -> b)) {
            writeAll(n);
            long writes = journaledWrites(n);
            n.stop();
            List<Integer> cuts = new ArrayList<>(List.of(1, HEADER - 1, HEADER, HEADER + 1));
            for (int i = 0; i < 4; i++) {
                cuts.add(2 + random.nextInt(4096));
            }
            for (int cut : cuts) {
                Path segment = appendTornCopyOfLastRecord(cut);
                List<String> warnings = new ArrayList<>();
                withWarnings(warnings, n::restart);
                assertThat(warnings).as("cut %d bytes", cut).anySatisfy(w -> assertThat(w)
                    .contains("cut a torn tail").contains(segment.getFileName().toString()).contains("acknowledged"));
                assertContentIntact(n);
                assertThat(journaledWrites(n)).as("journaled writes after cutting %d bytes", cut).isEqualTo(writes);
                n.stop();
            }
            n.restart();
        }
    }

    @Test
    void byteFlippedInAnAcknowledgedRecord_refusesToStartNamingSegmentAndOffset_untilRepaired() throws Exception {
        try (TestNode n = TestNode.startOnFixedPorts(tmp, b -> b)) {
            writeAll(n);
            n.stop();
            List<Stored> records = records();
            Stored victim = records.get(records.size() / 2); // valid records follow it: it was acknowledged
            Path segment = segmentFile(victim.position());
            long at = victim.position().offset() + victim.length() / 2;
            byte[] bytes = Files.readAllBytes(segment);
            bytes[(int) at] ^= 0x5a;
            Files.write(segment, bytes);

            assertThatThrownBy(n::restart).hasMessageContaining("damaged")
                .hasMessageContaining(segment.getFileName() + " damaged at offset " + victim.position().offset());

            bytes[(int) at] ^= 0x5a;
            Files.write(segment, bytes);
            n.restart();
            assertContentIntact(n);
        }
    }

    private void writeAll(TestNode n) throws Exception {
        try (Cage cage = n.clientBuilder("s").pageCount(0).responseTimeout(Duration.ofSeconds(30)).build()) {
            for (int f = 0; f < FILES; f++) {
                CageChannel ch = cage.open("s", "f" + f, OpenMode.EXCLUSIVE, true);
                for (int round = 0; round < 5; round++) {
                    byte[] b = new byte[4096 * (1 + f)];
                    random.nextBytes(b);
                    cage.write(ch, 0, b);
                    content[f] = b;
                }
                cage.close(ch);
            }
        }
    }

    private void assertContentIntact(TestNode n) throws Exception {
        try (Cage cage = n.clientBuilder("s").pageCount(0).responseTimeout(Duration.ofSeconds(30)).build()) {
            for (int f = 0; f < FILES; f++) {
                CageChannel ch = cage.open("s", "f" + f, OpenMode.SHARED_READ);
                assertThat(Arrays.equals(cage.read(ch, 0, 1 << 16), content[f])).as("f%d holds its last write", f)
                    .isTrue();
                cage.close(ch);
            }
        }
    }

    private static long journaledWrites(TestNode n) throws Exception {
        try (Cage cage = n.clientBuilder("s").pageCount(0).responseTimeout(Duration.ofSeconds(30)).build()) {
            return cage.journal("s").list("", Instant.EPOCH, Instant.now()).stream()
                .filter(e -> e.op().equals("WRITE")).count();
        }
    }

    /** Appends the first {@code cut} bytes of a copy of the last record: a record torn by a crash while written. */
    private Path appendTornCopyOfLastRecord(int cut) throws IOException {
        List<Stored> records = records();
        Stored last = records.get(records.size() - 1);
        Path segment = segmentFile(last.position());
        byte[] bytes = Files.readAllBytes(segment);
        int start = (int) last.position().offset();
        byte[] torn = Arrays.copyOfRange(bytes, start, start + Math.min(cut, last.length() - 1));
        Files.write(segment, torn, StandardOpenOption.APPEND);
        return segment;
    }

    /** Every record of the node's log, read while the node is stopped. */
    private List<Stored> records() throws IOException {
        List<Stored> all = new ArrayList<>();
        try (SegmentLog log = SegmentLog.open(walDir(), LogConfig.defaults().withMaxRecordSize(1 << 30))) {
            log.scan(log.first(), r -> {
                all.add(new Stored(r.position(), HEADER + r.payload().remaining()));
                return true;
            });
        }
        return all;
    }

    /** Where a record lies in the log and its length, header included. */
    private record Stored(LogPosition position, int length) {
    }

    private Path walDir() {
        return tmp.resolve("data").resolve("wal");
    }

    private Path segmentFile(LogPosition p) {
        return walDir().resolve(String.format("%020d.wal", p.segment()));
    }

    /** Runs {@code start}, collecting the WARNING lines the journal's log logs meanwhile. */
    private static void withWarnings(List<String> into, Executable start) throws Throwable {
        Logger logger = Logger.getLogger("dev.cage.server.journal.JournalLog");
        Handler h = new Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                into.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters() == null ? new Object[0]
                    : r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(h);
        try {
            start.execute();
        } finally {
            logger.removeHandler(h);
        }
    }
}
