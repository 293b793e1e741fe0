package dev.cage.server.journal;

import dev.cage.server.wal.LogConfig;
import dev.cage.server.wal.LogCorruptedException;
import dev.cage.server.wal.LogPosition;
import dev.cage.server.wal.LogRecord;
import dev.cage.server.wal.RecoveryReport;
import dev.cage.server.wal.SegmentLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The journal's payloads (new, old and staged bytes) in the write-ahead log: one log record per non-empty payload,
 * appended before the row that points at it is committed, so a committed row never points at bytes that are not
 * durable. A record whose row never got committed (a crash, a failed commit in between) is unreferenced and goes
 * with its segment at the next retention pass; nothing reads it.
 *
 * <p>Positions are {@link LogPosition#toLong()} long forms, as the rows keep them. Each record carries its kind as
 * the log's type byte, and a read checks kind and length against the row, so a row can never silently be given
 * another payload's bytes.
 */
final class PayloadLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PayloadLog.class.getName());
    /** Record types: what a payload is. Stored in the log; never renumber. */
    static final int NEW_BYTES = 1;
    static final int OLD_BYTES = 2;
    static final int STAGED_BYTES = 3;
    /**
     * 64 MiB segments; records up to 1 GiB, the log's hard limit (a truncate's cut tail can be as large as the node
     * reads into memory).
     */
    static final LogConfig CONFIG = LogConfig.defaults().withMaxRecordSize(1 << 30);

    private final SegmentLog log;

    private PayloadLog(SegmentLog log) {
        this.log = log;
    }

    /**
     * Opens (creating if needed) the log in {@code dir} and recovers its tail; what it cut is logged.
     *
     * @throws JournalUnavailableException if it cannot be opened, or an acknowledged record in it is damaged (the
     *                                     message names segment and offset)
     */
    static PayloadLog open(Path dir, LogConfig config) {
        SegmentLog log;
        try {
            log = SegmentLog.open(dir, config);
        } catch (LogCorruptedException e) {
            throw new JournalUnavailableException("the journal's write-ahead log is damaged, so the node will not"
                + " start on it: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new JournalUnavailableException("cannot open the journal's write-ahead log in " + dir + ": "
                + e.getMessage(), e);
        }
        report(log.recovery());
        return new PayloadLog(log);
    }

    private static void report(RecoveryReport r) {
        for (RecoveryReport.TruncatedTail t : r.truncated()) {
            // Nothing valid followed it, so it was never acknowledged: no row can point at it.
            LOG.log(System.Logger.Level.WARNING, "write-ahead log: cut a torn tail of {0} bytes at offset {1} of {2}"
                + " ({3}); it held nothing acknowledged", t.bytes(), t.offset(), t.segment(), t.reason());
        }
    }

    /**
     * Appends {@code bytes} as a record of {@code type}. The array must not change until the future completes.
     *
     * @return completes once the record is durable with its position, or with {@code null} for no or no bytes
     *     (nothing is written); fails with {@link JournalUnavailableException} if it will never be durable
     */
    CompletableFuture<Long> append(int type, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return log.append(type, ByteBuffer.wrap(bytes)).handle((position, e) -> {
                if (e != null) {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    throw new CompletionException(new JournalUnavailableException(
                        "the journal's write-ahead log failed: " + cause.getMessage(), cause));
                }
                return position.toLong();
            });
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new JournalUnavailableException(e.getMessage(), e));
        }
    }

    /**
     * The payload of {@code type} and {@code length} bytes at {@code position}.
     *
     * @param what names the payload in an error message
     * @throws JournalUnavailableException if it cannot be read, has been pruned, or is not what the row says
     */
    byte[] read(int type, Long position, long length, String what) {
        if (length == 0) {
            return new byte[0];
        }
        if (position == null) {
            throw new JournalUnavailableException(what + ": " + length + " bytes but no place in the write-ahead log");
        }
        LogPosition at = LogPosition.fromLong(position);
        LogRecord record;
        try {
            record = log.read(at);
        } catch (IOException | IllegalArgumentException e) {
            throw new JournalUnavailableException("cannot read " + what + " from the write-ahead log at " + at + ": "
                + e.getMessage(), e);
        }
        if (record.type() != type || record.payload().remaining() != length) {
            throw new JournalUnavailableException(what + ": the write-ahead log holds a record of type " + record.type()
                + " with " + record.payload().remaining() + " bytes at " + at + ", not type " + type + " with " + length);
        }
        return record.payloadBytes();
    }

    /** Whether a record at {@code position} can be in the log: before its durable end. */
    boolean holds(long position) {
        return position < log.durableEnd().toLong();
    }

    /** Where the next record goes. */
    LogPosition end() {
        return log.durableEnd();
    }

    /**
     * Deletes the segments that hold only records before {@code oldestReferenced} (the smallest position a row
     * still points at; {@code null} if none does); never the segment being appended to. Only call it when no
     * payload is between its append and its row's commit (the node prunes under its checkpoint lock).
     *
     * @return segments deleted
     */
    int deleteBefore(Long oldestReferenced) {
        LogPosition end = log.durableEnd();
        LogPosition below = oldestReferenced == null ? end : LogPosition.fromLong(oldestReferenced);
        try {
            return log.deleteBefore(below.compareTo(end) < 0 ? below : end);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete old write-ahead log segments: " + e.getMessage());
            return 0;
        }
    }

    /** Writes and forces what was appended, then releases the directory. */
    @Override
    public void close() {
        try {
            log.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the write-ahead log: " + e.getMessage());
        }
    }
}
