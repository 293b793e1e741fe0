package dev.cage.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opening a log directory after a clean close or a crash: finds the segments, checks the last one record by record,
 * cuts a torn tail away and refuses damage that is not a torn tail.
 *
 * <p>Only the last segment is checked. The writer forces a segment completely before it writes a byte into the next
 * one, so after a crash every earlier segment is whole; damage there is found (and reported as a
 * {@link LogCorruptedException}) when it is read.
 *
 * <p>In the last segment, the first record that is cut short or fails its checksum is a <em>torn tail</em> if no
 * valid record starts anywhere after it: the crash interrupted writes that were never forced, so none of them was
 * acknowledged, and the tail is truncated and reported. If a valid record does follow, the damaged record was written
 * (and maybe acknowledged) before it, so the log refuses to open. Zeros from the damage to the end of the file (what
 * a file system can leave where a write had not landed) are the end of the log: truncated, reported as zero-filled.
 */
final class LogRecovery {
    private static final System.Logger LOG = System.getLogger(LogRecovery.class.getName());

    private LogRecovery() {
    }

    /** The first segment's number, the segment to append to, and what was cut. */
    record Recovered(long firstSegment, Segment active, RecoveryReport report) {
    }

    static Recovered recover(Path dir, LogConfig config, ChannelFactory channels) throws IOException {
        Files.deleteIfExists(dir.resolve(SpareSegment.NAME)); // a crash may have left one half written
        List<Long> numbers = segmentNumbers(dir);
        if (numbers.isEmpty()) {
            Segment first = Segment.create(channels, dir, 1);
            forceDirectory(channels, dir);
            return new Recovered(1, first, new RecoveryReport(List.of(), new LogPosition(1, 0)));
        }
        long last = numbers.get(numbers.size() - 1);
        Segment active = Segment.open(channels, dir, last);
        try {
            List<RecoveryReport.TruncatedTail> cut = new ArrayList<>();
            RecoveryReport.TruncatedTail tail = checkTail(active, config);
            if (tail != null) {
                cut.add(tail);
                LOG.log(System.Logger.Level.WARNING, "write-ahead log: cut " + tail.bytes() + " bytes at offset "
                    + tail.offset() + " of " + tail.segment() + " (" + tail.reason() + ")");
            }
            // What the crash left in the page cache but not on the device is now part of the log: make it durable
            // before anything is appended behind it.
            active.force();
            return new Recovered(numbers.get(0), active,
                new RecoveryReport(cut, new LogPosition(active.number(), active.size())));
        } catch (IOException | RuntimeException e) {
            try {
                active.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Scans the segment; truncates a torn tail and says what it cut, or null if there was none. */
    private static RecoveryReport.TruncatedTail checkTail(Segment segment, LogConfig config) throws IOException {
        FileChannel channel = segment.channel();
        long size = channel.size();
        ByteBuffer scratch = RecordCodec.scratch();
        long offset = 0;
        while (true) {
            RecordCodec.Found found = RecordCodec.check(channel, offset, size, config.maxRecordSize(), scratch);
            if (found instanceof RecordCodec.Valid valid) {
                offset += valid.size();
            } else if (found instanceof RecordCodec.End) {
                return null;
            } else {
                RecordCodec.Invalid invalid = (RecordCodec.Invalid) found;
                // Zeros (a preallocated segment's unused part, or blocks a crash left unwritten) hold no record.
                boolean zeros = RecordCodec.allZero(channel, offset, size);
                long next = zeros ? -1 : RecordCodec.findValidAfter(channel, offset, size, config.maxRecordSize());
                if (next >= 0) {
                    throw new LogCorruptedException(segment.file(), offset, invalid.why() + ", and a valid record"
                        + " follows at offset " + next + ": this is not a torn tail, a record that may have been"
                        + " acknowledged is damaged; refusing to open the log");
                }
                String reason = zeros ? "zero-filled, read as the end of the log" : "torn record: " + invalid.why();
                segment.truncate(offset);
                return new RecoveryReport.TruncatedTail(segment.file(), offset, size - offset, reason);
            }
        }
    }

    /** The segment numbers in {@code dir}, ascending. */
    static List<Long> segmentNumbers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(Segment::number).filter(n -> n >= 1).sorted().boxed().toList();
        }
    }

    /** Makes created and deleted segment files themselves durable. */
    static void forceDirectory(ChannelFactory channels, Path dir) throws IOException {
        try (FileChannel channel = channels.open(dir, EnumSet.of(StandardOpenOption.READ))) {
            channel.force(true);
        }
    }
}
