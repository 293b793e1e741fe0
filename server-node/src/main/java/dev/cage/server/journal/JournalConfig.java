package dev.cage.server.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the journal lives and how it batches. {@link #embedded(Path)} is the default: an H2 database file in the
 * node's data directory. {@link #of} names any JDBC database EclipseLink knows (PostgreSQL is the tested one).
 *
 * @param url             JDBC URL
 * @param user            database user
 * @param password        its password ({@code ""} for none); never shown by {@link #toString()}
 * @param maxBatchRecords most entries committed in one transaction
 * @param maxBatchBytes   most blob bytes committed in one transaction (a single larger entry still goes alone)
 * @param pageSize        entries fetched per table per round trip by the paging queries; bounds their memory
 * @param retryInterval   after a failed commit, how often the database is tried again; until it answers, appends
 *                        fail at once
 * @param logDir          the write-ahead log that holds the entries' payloads (new, old and staged bytes), or
 *                        {@code null} for "not chosen yet": a node puts it in {@code <dataDir>/wal}; a store cannot be
 *                        opened without one
 */
public record JournalConfig(String url, String user, String password, int maxBatchRecords, long maxBatchBytes,
                            int pageSize, Duration retryInterval, Path logDir) {
    /** The default batch bounds: 512 entries or 32 MiB of blobs, whichever comes first. */
    public static final int DEFAULT_BATCH_RECORDS = 512;
    public static final long DEFAULT_BATCH_BYTES = 32L << 20;
    /** A page holds at most this many entries per table; a write entry carries up to two frames of bytes. */
    public static final int DEFAULT_PAGE_SIZE = 500;
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

    public JournalConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(retryInterval, "retryInterval");
        if (maxBatchRecords < 1 || maxBatchRecords > JournalEntry.SEQ_BLOCK) {
            throw new IllegalArgumentException("a batch must hold 1 to " + JournalEntry.SEQ_BLOCK + " entries");
        }
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("the batch byte bound must be positive");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("the page size must be positive");
        }
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("the retry interval must be positive");
        }
    }

    /**
     * The default journal: {@code <dataDir>/journal.mv.db}, an embedded H2 database. {@code WRITE_DELAY=0} makes
     * H2 write each commit to the file at once (its default waits up to half a second), and the store adds a
     * {@code CHECKPOINT SYNC} after each commit so an acknowledged entry survives a power failure too.
     * {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to {@link JournalStore#close()}, which first drains the queue.
     * The payloads go to the write-ahead log in {@code <dataDir>/wal}.
     */
    public static JournalConfig embedded(Path dataDir) {
        String file = dataDir.toAbsolutePath().resolve("journal").toString();
        return of("jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "cage", "")
            .withLogDir(defaultLogDir(dataDir));
    }

    /** Where a node keeps the write-ahead log of its journal: {@code <dataDir>/wal}. */
    public static Path defaultLogDir(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("wal");
    }

    /** The database kind, from the URL: {@code "h2"}, {@code "postgresql"} or {@code "other"}. */
    public String dialect() {
        return Dialect.of(url).name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A journal in the database at {@code url}, with the default batch bounds. */
    public static JournalConfig of(String url, String user, String password) {
        return new JournalConfig(url, user, password, DEFAULT_BATCH_RECORDS, DEFAULT_BATCH_BYTES, DEFAULT_PAGE_SIZE,
            DEFAULT_RETRY_INTERVAL, null);
    }

    public JournalConfig withBatchLimits(int records, long bytes) {
        return new JournalConfig(url, user, password, records, bytes, pageSize, retryInterval, logDir);
    }

    public JournalConfig withPageSize(int entries) {
        return new JournalConfig(url, user, password, maxBatchRecords, maxBatchBytes, entries, retryInterval, logDir);
    }

    public JournalConfig withRetryInterval(Duration interval) {
        return new JournalConfig(url, user, password, maxBatchRecords, maxBatchBytes, pageSize, interval, logDir);
    }

    /** This journal with its payloads in the write-ahead log in {@code dir}. */
    public JournalConfig withLogDir(Path dir) {
        return new JournalConfig(url, user, password, maxBatchRecords, maxBatchBytes, pageSize, retryInterval,
            dir == null ? null : dir.toAbsolutePath());
    }

    @Override
    public String toString() {
        return "JournalConfig[" + url + " as " + user + ", batch " + maxBatchRecords + " entries / " + maxBatchBytes
            + " bytes, page " + pageSize + ", retry " + retryInterval + ", log " + logDir + "]";
    }
}
