package dev.cage.server.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What every journal entry has: its place in the global order, when it happened, which session did it, the path it
 * concerns, and where its record lies in the write-ahead log.
 *
 * <p>Both kinds of entry draw {@code seq} from one counter, so general and per-file entries interleave in a single
 * order. {@link JournalStore} assigns it as it appends the entry's record to the log, under one lock, so seq order is
 * log order, which is the order of record. Numbers of appends that failed are skipped: {@code seq} has gaps but never
 * goes back. The row's {@code ENTRY_POS} says which log record it was written from: after a crash the rows of the
 * log's tail are rebuilt from the records after the newest row.
 *
 * <p>The time is kept as microseconds since the epoch (UTC) in a {@code BIGINT}. EclipseLink 4.0 binds
 * {@code java.time} values through {@code java.sql.Timestamp} in the JVM's default time zone, which shifts times
 * that fall into that zone's daylight-saving gap; an integer cannot be shifted, compares exactly and orders the
 * same in every database.
 *
 * <p>An entry must not be changed after it has been given to {@link JournalStore#append}.
 */
@MappedSuperclass
public abstract sealed class JournalEntry permits NamespaceRecord, FileRecord {
    /** The longest path the wire protocol accepts is 4096 bytes, so 4096 characters always fit. */
    static final int MAX_PATH = 4096;

    @Id
    @Column(name = "SEQ")
    private Long seq;

    /** Where the entry's record lies in the write-ahead log ({@code LogPosition} long form). */
    @Column(name = "ENTRY_POS")
    private Long entryPos;

    @Column(name = "TIME_US", nullable = false)
    private long timeMicros;

    @Column(name = "SESSION_ID", nullable = false)
    private long sessionId;

    @Column(name = "PATH", length = MAX_PATH, nullable = false)
    private String path;

    /** In the log record only: the group log's change this entry records ({@code null} outside a group). */
    @Transient
    private ChangeOrigin origin;

    /** For JPA. */
    protected JournalEntry() {
    }

    JournalEntry(OffsetDateTime time, long sessionId, String path) {
        this(micros(Objects.requireNonNull(time, "time")), sessionId, path);
    }

    /** An entry as its log record describes it (rebuilding rows from the log). */
    JournalEntry(long timeMicros, long sessionId, String path) {
        this.timeMicros = timeMicros;
        this.sessionId = sessionId;
        this.path = checkLength("path", Objects.requireNonNull(path, "path"), MAX_PATH);
    }

    /** The entry's place in the global order; 0 until it has been appended. */
    public long getSeq() {
        return seq == null ? 0 : seq;
    }

    /** Gives the entry its place in the order; once. */
    void assignSeq(long value) {
        if (seq != null) {
            throw new IllegalArgumentException("already in the journal as seq " + seq + ": " + this);
        }
        seq = value;
    }

    /** Where the entry's record lies in the write-ahead log; {@code null} until it is durable there. */
    Long entryPosition() {
        return entryPos;
    }

    /**
     * The entry's record is durable at {@code position}: the row keeps where, and an entry with bytes drops them
     * (they are read back from that record).
     */
    void loggedAt(long position) {
        entryPos = position;
    }

    /** The change of a group's log this entry records; {@code null} for a node's own changes and notes. */
    public ChangeOrigin getOrigin() {
        return origin;
    }

    /** Marks the entry as recording {@code change} of the group's log; before it is appended. */
    public void recordsChange(ChangeOrigin change) {
        if (getSeq() != 0) {
            throw new IllegalStateException("already in the journal as seq " + seq + ": " + this);
        }
        origin = Objects.requireNonNull(change, "change");
    }

    long timeMicros() {
        return timeMicros;
    }

    /** When it happened, in UTC, to the microsecond. */
    public OffsetDateTime getTime() {
        return time(timeMicros);
    }

    public long getSessionId() {
        return sessionId;
    }

    /** The path concerned, as the client named it, at the time of the entry. */
    public String getPath() {
        return path;
    }

    /**
     * Checks a value against its column's size here, where it fails alone, rather than in the database, where it
     * would fail the whole batch it was committed with.
     */
    static String checkLength(String what, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(what + " is longer than " + max + " characters: "
                + value.substring(0, 40) + "...");
        }
        return value;
    }

    static long micros(OffsetDateTime t) {
        Instant i = t.toInstant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
    }

    static OffsetDateTime time(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
