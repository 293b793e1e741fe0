package dev.cage.server.journal;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.TableGenerator;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What every journal entry has: its place in the global order, when it happened, which session did it and the
 * path it concerns.
 *
 * <p>Both kinds of entry draw {@code seq} from one generator, so general and per-file entries interleave in a
 * single order, which is the order they were committed in (one writer thread assigns them). The generator is a
 * one-row table, {@code CAGE_JOURNAL_SEQ}, rather than a database sequence: every database has tables, and
 * EclipseLink 4.0 fails to notice an existing sequence object on H2, trying (and logging) a {@code CREATE SEQUENCE}
 * at every start. It hands out blocks of {@value #SEQ_BLOCK} numbers, in a short transaction of its own, so a batch
 * of inserts needs no round trip per entry and JDBC batch writing works; numbers left in a block when the node
 * stops are skipped, so {@code seq} has gaps but never goes back.
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
    /** How many sequence numbers are fetched at once; larger than the biggest commit batch. */
    static final int SEQ_BLOCK = 1000;
    /** The longest path the wire protocol accepts is 4096 bytes, so 4096 characters always fit. */
    static final int MAX_PATH = 4096;

    @Id
    @TableGenerator(name = "cage_journal_seq", table = "CAGE_JOURNAL_SEQ", pkColumnName = "SEQ_NAME",
        valueColumnName = "SEQ_COUNT", pkColumnValue = "JOURNAL", allocationSize = SEQ_BLOCK)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "cage_journal_seq")
    @Column(name = "SEQ")
    private Long seq;

    @Column(name = "TIME_US", nullable = false)
    private long timeMicros;

    @Column(name = "SESSION_ID", nullable = false)
    private long sessionId;

    @Column(name = "PATH", length = MAX_PATH, nullable = false)
    private String path;

    /** For JPA. */
    protected JournalEntry() {
    }

    JournalEntry(OffsetDateTime time, long sessionId, String path) {
        this.timeMicros = micros(Objects.requireNonNull(time, "time"));
        this.sessionId = sessionId;
        this.path = checkLength("path", Objects.requireNonNull(path, "path"), MAX_PATH);
    }

    /** The entry's place in the global order; 0 until it has been committed. */
    public long getSeq() {
        return seq == null ? 0 : seq;
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

    /** Bytes of blob data the entry carries; the commit batch is bounded by their sum. */
    abstract long blobBytes();

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
