package dev.cage.server.journal;

import dev.cage.server.wal.LogConfig;
import dev.cage.server.wal.LogCorruptedException;
import dev.cage.server.wal.LogPosition;
import dev.cage.server.wal.LogRecord;
import dev.cage.server.wal.LogStats;
import dev.cage.server.wal.RecoveryReport;
import dev.cage.server.wal.SegmentLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The journal in the write-ahead log: one record per entry ({@link EntryCodec}), with a write's bytes inside it, and
 * one per prepared write's staged bytes. An entry is durable, and its change may be acknowledged, once its record
 * is; its row follows in the database, and after a crash is rebuilt from the record ({@link #replay}).
 *
 * <p>Positions are {@link LogPosition#toLong()} long forms, as the rows keep them. Every read checks the record's
 * type and length against what the row says, so a row can never silently be given another record's bytes.
 */
final class JournalLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JournalLog.class.getName());
    /** Record type of a prepared write's bytes; stored, never renumber (entries: {@link EntryCodec}). */
    static final int STAGED_BYTES = 3;
    /**
     * 64 MiB segments; records up to 1 GiB, the log's hard limit (a truncate's cut tail can be as large as the node
     * reads into memory).
     */
    static final LogConfig CONFIG = LogConfig.defaults().withMaxRecordSize(1 << 30);

    /** How long after a failed attempt the log is opened again: at most once a second while the disk is full. */
    private static final long REOPEN_AFTER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private final Path dir;
    private final LogConfig config;
    private final Object reopening = new Object();
    private volatile SegmentLog log;
    /** Counts of the logs this one replaced, so {@link #stats()} covers the whole run. */
    private volatile LogStats earlier = new LogStats(0, 0, 0, 0);
    private long nextReopen; // guarded by reopening
    private boolean closed; // guarded by reopening

    private JournalLog(Path dir, LogConfig config, SegmentLog log) {
        this.dir = dir;
        this.config = config;
        this.log = log;
    }

    /**
     * Opens (creating if needed) the log in {@code dir} and recovers its tail; what it cut is logged.
     *
     * @throws JournalUnavailableException if it cannot be opened, or an acknowledged record in it is damaged (the
     *                                     message names segment and offset)
     */
    static JournalLog open(Path dir, LogConfig config) {
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
        return new JournalLog(dir, config, log);
    }

    private static void report(RecoveryReport r) {
        for (RecoveryReport.TruncatedTail t : r.truncated()) {
            // Nothing valid followed it, so it was never acknowledged.
            LOG.log(System.Logger.Level.WARNING, "write-ahead log: cut a torn tail of {0} bytes at offset {1} of {2}"
                + " ({3}); it held nothing acknowledged", t.bytes(), t.offset(), t.segment(), t.reason());
        }
    }

    /**
     * Appends a prepared write's bytes; the array must not change until the future completes.
     *
     * @return completes with the record's position once it is durable, or with {@code null} for no bytes (nothing
     *     is written); fails with {@link JournalUnavailableException} if it will never be durable
     */
    CompletableFuture<Long> appendStaged(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return append(STAGED_BYTES, ByteBuffer.wrap(bytes));
    }

    /**
     * Appends the records of {@code entries} (each with its seq) in this order and in one group of the log, so that
     * one force makes them all durable: notes held before a change never cost that change a force of their own.
     *
     * @param callerWrites true if the caller calls {@link #writeQueued()} next, to write them on its own thread
     * @return a future per entry: completes with the entry's record position once it is durable; fails with
     *     {@link JournalUnavailableException} if it never will be. The entries' pending bytes must not change until
     *     then.
     */
    List<CompletableFuture<Long>> appendEntries(List<JournalEntry> entries, boolean callerWrites) {
        List<SegmentLog.NewRecord> records = new ArrayList<>(entries.size());
        for (JournalEntry e : entries) {
            records.add(new SegmentLog.NewRecord(EntryCodec.type(e), EntryCodec.encode(e)));
        }
        try {
            SegmentLog to = appendable();
            return (callerWrites ? to.appendTogetherToWrite(records) : to.appendTogether(records)).stream()
                .map(JournalLog::asPosition).toList();
        } catch (IllegalArgumentException e) {
            return entries.stream().map(x -> CompletableFuture.<Long>failedFuture(
                new JournalUnavailableException(e.getMessage(), e))).toList();
        }
    }

    /** Writes what {@code appendEntries(…, true)} queued; see {@link SegmentLog#writeQueued()}. */
    void writeQueued() {
        log.writeQueued();
    }

    private CompletableFuture<Long> append(int type, ByteBuffer... payload) {
        try {
            return asPosition(appendable().append(type, payload));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new JournalUnavailableException(e.getMessage(), e));
        }
    }

    private static CompletableFuture<Long> asPosition(CompletableFuture<LogPosition> durable) {
        return durable.handle((position, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                throw new CompletionException(new JournalUnavailableException(
                    "the journal's write-ahead log failed: " + cause.getMessage(), cause));
            }
            return position.toLong();
        });
    }

    /**
     * The log to append to. A log whose write or force failed (a full disk) fails every append until it is opened
     * again; this opens it again, at most once a second, so appends work once the cause is gone. Reopening cuts
     * nothing acknowledged: the failed log already cut its segments back to the durable end.
     */
    private SegmentLog appendable() {
        SegmentLog current = log;
        if (!current.failed()) {
            return current;
        }
        synchronized (reopening) {
            if (log != current || closed || System.nanoTime() - nextReopen < 0) {
                return log; // reopened by another thread meanwhile, or fails fast until the next attempt
            }
            nextReopen = System.nanoTime() + REOPEN_AFTER_NANOS;
            LogStats counted = current.stats();
            closeQuietly(current);
            try {
                SegmentLog fresh = SegmentLog.open(dir, config);
                report(fresh.recovery());
                earlier = earlier.plus(counted);
                log = fresh;
                LOG.log(System.Logger.Level.INFO, "write-ahead log in {0} opened again after a failure; appends go on"
                    + " from {1}", dir, fresh.durableEnd());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "write-ahead log in " + dir + " cannot be opened again yet: "
                    + e.getMessage());
            }
            return log;
        }
    }

    /**
     * {@code length} bytes from {@code offset} among the bytes of the file entry record at {@code position}.
     *
     * @param what names the bytes in an error message
     * @throws JournalUnavailableException if they cannot be read, have been pruned, or are not what the row says
     */
    byte[] entryBytes(Long position, long offset, long length, String what) {
        if (length == 0) {
            return new byte[0];
        }
        LogRecord record = read(position, length, what);
        if (record.type() != EntryCodec.FILE_ENTRY) {
            throw mismatch(what, record, "a file entry");
        }
        ByteBuffer payload = record.payload();
        long start = EntryCodec.payloadStart(record) + offset;
        if (start + length > payload.remaining()) {
            throw mismatch(what, record, length + " bytes from " + offset + " after its header");
        }
        byte[] bytes = new byte[(int) length];
        payload.get(payload.position() + (int) start, bytes);
        return bytes;
    }

    /** A prepared write's {@code length} staged bytes at {@code position}; as {@link #entryBytes}. */
    byte[] stagedBytes(Long position, long length, String what) {
        if (length == 0) {
            return new byte[0];
        }
        LogRecord record = read(position, length, what);
        if (record.type() != STAGED_BYTES || record.payload().remaining() != length) {
            throw mismatch(what, record, "staged bytes, " + length + " of them");
        }
        return record.payloadBytes();
    }

    private LogRecord read(Long position, long length, String what) {
        if (position == null) {
            throw new JournalUnavailableException(what + ": " + length + " bytes but no place in the write-ahead log");
        }
        LogPosition at = LogPosition.fromLong(position);
        try {
            return log.read(at);
        } catch (IOException | IllegalArgumentException e) {
            throw new JournalUnavailableException("cannot read " + what + " from the write-ahead log at " + at + ": "
                + e.getMessage(), e);
        }
    }

    private static JournalUnavailableException mismatch(String what, LogRecord record, String expected) {
        return new JournalUnavailableException(what + ": the write-ahead log holds a record of type " + record.type()
            + " with " + record.payload().remaining() + " bytes at " + record.position() + ", not " + expected);
    }

    /**
     * Hands the entries of the log with seq above {@code afterSeq} to {@code action}, in log order, as their rows
     * were to be: the rows a crash kept from reaching the database. Scans from {@code from} (the record of the newest
     * row), or from the log's first record if that is {@code null} or pruned.
     *
     * @throws JournalUnavailableException if the log cannot be read or holds a record that does not decode
     */
    void replay(long afterSeq, Long from, Consumer<JournalEntry> action) {
        LogPosition start = log.first();
        if (from != null && LogPosition.fromLong(from).compareTo(start) > 0) {
            start = LogPosition.fromLong(from);
        }
        try {
            log.scan(start, record -> {
                if (EntryCodec.isEntry(record)) {
                    JournalEntry e = EntryCodec.decode(record);
                    if (e.getSeq() > afterSeq) {
                        action.accept(e);
                    }
                }
                return true;
            });
        } catch (IOException | IllegalArgumentException e) {
            throw new JournalUnavailableException("cannot read the journal's entries back from the write-ahead log: "
                + e.getMessage(), e);
        }
    }

    /** Whether a record at {@code position} can be in the log: before its durable end. */
    boolean holds(long position) {
        return position < log.durableEnd().toLong();
    }

    /** Where the next record goes. */
    LogPosition end() {
        return log.durableEnd();
    }

    /** Records, bytes and forced writes since the log was opened. */
    LogStats stats() {
        return earlier.plus(log.stats());
    }

    /**
     * Deletes the segments that hold only records before {@code oldestNeeded}; never the segment being appended to.
     *
     * @return segments deleted
     */
    int deleteBefore(LogPosition oldestNeeded) {
        LogPosition end = log.durableEnd();
        try {
            return log.deleteBefore(oldestNeeded.compareTo(end) < 0 ? oldestNeeded : end);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete old write-ahead log segments: " + e.getMessage());
            return 0;
        }
    }

    /** Writes and forces what was appended, then releases the directory. */
    @Override
    public void close() {
        synchronized (reopening) {
            closed = true;
            closeQuietly(log);
        }
    }

    private static void closeQuietly(SegmentLog log) {
        try {
            log.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the write-ahead log: " + e.getMessage());
        }
    }
}
