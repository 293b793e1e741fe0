package dev.cage.server.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An append-only, checksummed write-ahead log in a directory of segment files, with group commit.
 *
 * <p><b>Records.</b> {@link #append} takes a type byte and a payload as one or more buffers and returns a future
 * that completes with the record's {@link LogPosition} once the record is <em>durable</em>: a force covering it has
 * returned. Records appended by any number of threads while one force runs share the next force. The layout of a
 * record is drawn in {@link RecordCodec}: a 10-byte header (magic/version, type, payload length, CRC32C of header and
 * payload) and the payload.
 *
 * <p><b>Segments.</b> Files named by their number, twenty digits ({@code 00000000000000000001.wal}), rolled when
 * the next record would pass {@link LogConfig#segmentSize()}. A record never spans segments: one bigger than a
 * segment is written alone at the start of a fresh segment; one bigger than {@link LogConfig#maxRecordSize()} is
 * refused. A segment is forced completely before the next gets a byte, so after a crash only the last can be torn.
 *
 * <p><b>Opening</b> checks the last segment (see {@link LogRecovery}): a torn tail is cut and reported in
 * {@link #recovery()}; damage followed by valid records is refused with a {@link LogCorruptedException}. With
 * {@link LogConfig#preallocate()} the next segment is prepared zero-filled ahead of time ({@link SpareSegment}); zeros
 * at the tail read as the end of the log, and a segment is cut to its records' end when it is sealed or closed.
 *
 * <p><b>Failures.</b> If writing or forcing fails (a full disk, an I/O error), the affected appends fail with a
 * {@link LogFailedException} naming the directory, the segments are cut back to the durable end, and the log stays
 * failed (every later append fails) until it is closed and opened again. Nothing that was not forced is ever
 * acknowledged. {@link #close()} writes and forces what was appended before it; no future is left pending.
 *
 * <p>Reads ({@link #read}, {@link #scan}) see durable records only, so a reader never sees a record that a failure
 * could still take back. The directory is locked against a second open log while this one is open.
 */
public final class SegmentLog implements Closeable {
    private static final String LOCK_FILE = "wal.lock";

    private final Path dir;
    private final LogConfig config;
    private final ChannelFactory channels;
    private final RecoveryReport recovery;
    private final FileChannel lockChannel;
    private final FileLock dirLock;
    private final LogWriter writer;
    private final Object retention = new Object();
    private volatile long firstSegment;

    private SegmentLog(Path dir, LogConfig config, ChannelFactory channels, FileChannel lockChannel,
        FileLock dirLock, LogRecovery.Recovered recovered) {
        this.dir = dir;
        this.config = config;
        this.channels = channels;
        this.lockChannel = lockChannel;
        this.dirLock = dirLock;
        this.recovery = recovered.report();
        this.firstSegment = recovered.firstSegment();
        this.writer = new LogWriter(dir, config, channels, recovered.active());
    }

    /**
     * Opens the log in {@code dir}, creating the directory and the first segment if needed, and recovers its tail.
     *
     * @throws LogCorruptedException if the last segment holds damage followed by valid records
     * @throws IOException           if the directory cannot be read or written, or another log has it open
     */
    public static SegmentLog open(Path dir, LogConfig config) throws IOException {
        return open(dir, config, ChannelFactory.DEFAULT);
    }

    /** As {@link #open(Path, LogConfig)}, with the log's files opened through {@code channels}. */
    static SegmentLog open(Path dir, LogConfig config, ChannelFactory channels) throws IOException {
        Path directory = dir.toAbsolutePath();
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE),
            EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        try {
            FileLock dirLock;
            try {
                dirLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                dirLock = null;
            }
            if (dirLock == null) {
                throw new IOException("write-ahead log in " + directory + " is already open");
            }
            LogRecovery.Recovered recovered = LogRecovery.recover(directory, config, channels);
            return new SegmentLog(directory, config, channels, lockChannel, dirLock, recovered);
        } catch (IOException | RuntimeException e) {
            lockChannel.close(); // releases the lock too
            throw e;
        }
    }

    /**
     * Appends a record. The payload is written from the buffers as they are (their positions and limits are not
     * moved, nothing is copied), so they must not change until the returned future completes.
     *
     * @param type    a type byte for the caller's use, {@code 0..255}
     * @param payload the payload, in order; none is also an empty payload
     * @return completes with the record's position once it is durable, or exceptionally with a
     *     {@link LogFailedException} if it never will be (the log failed, or was closed)
     * @throws IllegalArgumentException if the type is out of range or the payload is above
     *                                  {@link LogConfig#maxRecordSize()}
     */
    public CompletableFuture<LogPosition> append(int type, ByteBuffer... payload) {
        return writer.submit(queued(type, payload));
    }

    /** A record for {@link #appendTogether}: its type and payload, as {@link #append} takes them. */
    public record NewRecord(int type, ByteBuffer... payload) {
    }

    /**
     * Appends records in this order, written in one group: one force makes them all durable, so a caller whose
     * acknowledgement waits for the last one never waits for two forces.
     *
     * @return a future per record, as {@link #append} returns
     * @throws IllegalArgumentException as {@link #append}, for any of them (then none is appended)
     */
    public List<CompletableFuture<LogPosition>> appendTogether(List<NewRecord> records) {
        return writer.submitTogether(queued(records), true);
    }

    /**
     * As {@link #appendTogether}, for a caller that will wait for the records: it must call {@link #writeQueued()}
     * next (in a {@code finally}), which writes them on its own thread unless another thread is writing already.
     * When appends come one at a time this spares each two thread hand-offs (to the writer thread and back).
     */
    public List<CompletableFuture<LogPosition>> appendTogetherToWrite(List<NewRecord> records) {
        return writer.submitTogether(queued(records), false);
    }

    /**
     * Writes and forces what is queued, on the calling thread, if no other thread is writing (one that is takes it
     * when it is done). Returns once this thread's group, if it wrote one, is durable and its futures completed.
     */
    public void writeQueued() {
        writer.writeQueued();
    }

    private List<LogWriter.Queued> queued(List<NewRecord> records) {
        List<LogWriter.Queued> queued = new ArrayList<>(records.size());
        for (NewRecord r : records) {
            queued.add(queued(r.type(), r.payload()));
        }
        return queued;
    }

    private LogWriter.Queued queued(int type, ByteBuffer[] payload) {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("record type must be within 0..255: " + type);
        }
        ByteBuffer[] views = new ByteBuffer[payload.length];
        for (int i = 0; i < payload.length; i++) {
            views[i] = payload[i].duplicate(); // a view of the caller's bytes with a position of our own
        }
        long length = RecordCodec.length(views);
        if (length > config.maxRecordSize()) {
            throw new IllegalArgumentException("payload of " + length + " bytes is above the log's maximum record size"
                + " of " + config.maxRecordSize() + " bytes");
        }
        return new LogWriter.Queued(RecordCodec.header(type, views, (int) length), views, length);
    }

    /**
     * Waits until the record at {@code position} (a position {@link #append} completed with) is durable.
     *
     * @throws LogFailedException   if the log failed or was closed before the record became durable
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitDurable(LogPosition position) throws InterruptedException, LogFailedException {
        writer.awaitDurable(position);
    }

    /**
     * Reads the durable record at {@code position}, checksum verified.
     *
     * @throws IllegalArgumentException if the position is not before {@link #durableEnd()} or is before
     *                                  {@link #first()}
     * @throws LogCorruptedException    if no valid record starts there (damage, or a position that is not a record's)
     * @throws IOException              if the segment cannot be read
     */
    public LogRecord read(LogPosition position) throws IOException {
        LogPosition end = durableEnd();
        checkReadable(position, end);
        if (position.equals(end)) {
            throw new IllegalArgumentException("no durable record at " + position + ": it is the durable end");
        }
        Path file = Segment.file(dir, position.segment());
        try (FileChannel channel = channels.open(file, EnumSet.of(StandardOpenOption.READ))) {
            long limit = position.segment() == end.segment() ? end.offset() : channel.size();
            return RecordCodec.read(channel, position, limit, config.maxRecordSize(), file);
        } catch (NoSuchFileException e) {
            throw new LogCorruptedException(file, position.offset(), "the segment file is missing");
        }
    }

    /**
     * Hands the durable records from {@code from} on, in order and checksum verified, to {@code visitor} until it
     * returns false or the durable end (as it was when the scan began) is reached.
     *
     * @param from a record's position, a segment's end, {@link #first()} or {@link #durableEnd()}
     * @return where the scan stopped: after the last record visited; scanning from there continues
     * @throws IllegalArgumentException if {@code from} is before {@link #first()} or after {@link #durableEnd()}
     * @throws LogCorruptedException    if a record fails its checksum or a segment file is missing
     * @throws IOException              if a segment cannot be read
     */
    public LogPosition scan(LogPosition from, RecordVisitor visitor) throws IOException {
        LogPosition end = durableEnd();
        checkReadable(from, end);
        long segment = from.segment();
        long offset = from.offset();
        while (true) {
            Path file = Segment.file(dir, segment);
            try (FileChannel channel = channels.open(file, EnumSet.of(StandardOpenOption.READ))) {
                long limit = segment == end.segment() ? end.offset() : channel.size();
                while (offset < limit) {
                    LogRecord record = RecordCodec.read(channel, new LogPosition(segment, offset), limit,
                        config.maxRecordSize(), file);
                    offset = record.end().offset();
                    if (!visitor.visit(record)) {
                        return record.end();
                    }
                }
            } catch (NoSuchFileException e) {
                throw new LogCorruptedException(file, 0, "the segment file is missing: the log has a gap");
            }
            if (segment >= end.segment()) {
                return end;
            }
            segment++;
            offset = 0;
        }
    }

    /**
     * Deletes the segments that hold only records before {@code position}; never the segment being appended to.
     * Records at or after {@code position} stay readable. Call it only for records no reader still needs.
     *
     * @return how many segments were deleted
     * @throws IOException if a segment file could not be deleted (the ones before it are gone)
     */
    public int deleteBefore(LogPosition position) throws IOException {
        synchronized (retention) {
            // The segment holding the durable end is the active one or (just after a roll) the one before it.
            long below = Math.min(position.segment(), durableEnd().segment());
            int deleted = 0;
            try {
                for (long n = firstSegment; n < below; n++) {
                    Files.deleteIfExists(Segment.file(dir, n));
                    firstSegment = n + 1;
                    deleted++;
                }
            } finally {
                if (deleted > 0) {
                    LogRecovery.forceDirectory(channels, dir); // a crash must not bring old segments back
                }
            }
            return deleted;
        }
    }

    /** The start of the oldest segment still kept. */
    public LogPosition first() {
        return new LogPosition(firstSegment, 0);
    }

    /** Every record before this position is durable; the next record will be at or after it. */
    public LogPosition durableEnd() {
        return LogPosition.fromLong(writer.durable());
    }

    /** Whether a write or force failed (a full disk, an I/O error): appends fail until the log is reopened. */
    public boolean failed() {
        return writer.failed();
    }

    /** What opening the log cut from its tail. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** Records, bytes and forces since the log was opened. */
    public LogStats stats() {
        return writer.stats();
    }

    /** The log's directory. */
    public Path directory() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /**
     * Writes and forces every record appended before this call (their futures complete, or fail if the log has
     * failed), stops the writer and releases the directory. Appends after this fail.
     *
     * @throws IOException if releasing the directory lock fails
     */
    @Override
    public void close() throws IOException {
        writer.close();
        try {
            if (dirLock.isValid()) {
                dirLock.release();
            }
        } finally {
            lockChannel.close();
        }
    }

    private void checkReadable(LogPosition position, LogPosition end) {
        if (position.compareTo(first()) < 0) {
            throw new IllegalArgumentException(position + " is before the first record kept, " + first());
        }
        if (position.compareTo(end) > 0) {
            throw new IllegalArgumentException(position + " is after the durable end " + end);
        }
    }

    @Override
    public String toString() {
        return "SegmentLog[" + dir + ", durable end " + durableEnd() + "]";
    }
}
