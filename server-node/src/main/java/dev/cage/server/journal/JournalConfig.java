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
 * @param maxBacklog      most entries whose rows may wait for a database that does not answer; beyond it, appends
 *                        fail at once (the entries are durable in the log, so nothing acknowledged depends on it)
 * @param pageSize        entries fetched per table per round trip by the paging queries; bounds their memory
 * @param retryInterval   after a failed commit, how often the database is tried again; until it answers, queries
 *                        fail at once and rows wait
 * @param logDir          the write-ahead log that holds the entries and their bytes, or
 *                        {@code null} for "not chosen yet": a node puts it in {@code <dataDir>/wal}; a store cannot be
 *                        opened without one
 */
public record JournalConfig(String url, String user, String password, int maxBatchRecords, int maxBacklog,
                            int pageSize, Duration retryInterval, Path logDir) {
    /** The default batch bound: 512 rows per database transaction. */
    public static final int DEFAULT_BATCH_RECORDS = 512;
    /** Rows of a few hundred bytes each: some tens of MiB of heap while the database is away. */
    public static final int DEFAULT_MAX_BACKLOG = 100_000;
    /** A page holds at most this many entries per table; a write entry carries up to two frames of bytes. */
    public static final int DEFAULT_PAGE_SIZE = 500;
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

    public JournalConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(retryInterval, "retryInterval");
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("a batch must hold at least one entry");
        }
        if (maxBacklog < 1) {
            throw new IllegalArgumentException("the backlog bound must be positive");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("the page size must be positive");
        }
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("the retry interval must be positive");
        }
    }

    /**
     * The default journal: {@code <dataDir>/journal.mv.db}, an embedded H2 database, with H2's own write delay (it
     * writes committed rows to the file within half a second): rows are not what makes an entry durable (its log
     * record is), and what a crash loses of the newest rows is rebuilt from the log; a prepared branch is forced with
     * {@code CHECKPOINT SYNC}. {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to {@link JournalStore#close()}, which
     * first drains the queue. The entries go to the write-ahead log in {@code <dataDir>/wal}.
     */
    public static JournalConfig embedded(Path dataDir) {
        String file = dataDir.toAbsolutePath().resolve("journal").toString();
        return of("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "cage", "")
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

    /** A journal in the database at {@code url}, with the default bounds. */
    public static JournalConfig of(String url, String user, String password) {
        return new JournalConfig(url, user, password, DEFAULT_BATCH_RECORDS, DEFAULT_MAX_BACKLOG, DEFAULT_PAGE_SIZE,
            DEFAULT_RETRY_INTERVAL, null);
    }

    public JournalConfig withBatchRecords(int records) {
        return new JournalConfig(url, user, password, records, maxBacklog, pageSize, retryInterval, logDir);
    }

    public JournalConfig withMaxBacklog(int entries) {
        return new JournalConfig(url, user, password, maxBatchRecords, entries, pageSize, retryInterval, logDir);
    }

    public JournalConfig withPageSize(int entries) {
        return new JournalConfig(url, user, password, maxBatchRecords, maxBacklog, entries, retryInterval, logDir);
    }

    public JournalConfig withRetryInterval(Duration interval) {
        return new JournalConfig(url, user, password, maxBatchRecords, maxBacklog, pageSize, interval, logDir);
    }

    /** This journal with its payloads in the write-ahead log in {@code dir}. */
    public JournalConfig withLogDir(Path dir) {
        return new JournalConfig(url, user, password, maxBatchRecords, maxBacklog, pageSize, retryInterval,
            dir == null ? null : dir.toAbsolutePath());
    }

    @Override
    public String toString() {
        return "JournalConfig[" + url + " as " + user + ", batch " + maxBatchRecords + " entries, backlog " + maxBacklog
            + ", page " + pageSize + ", retry " + retryInterval + ", log " + logDir + "]";
    }
}
