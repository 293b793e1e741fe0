package dev.cage.server;

import dev.cage.protocol.Protocol;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a server node. Build with {@link #builder(Path)}; every setting but the root has a default.
 *
 * @param root          the directory tree served; clients cannot see outside it
 * @param dataDir       where the node keeps its users file and generated secrets
 * @param bindAddress   the interface to listen on (default {@code 127.0.0.1}; {@code 0.0.0.0} for all)
 * @param port          the main (authentication) port; data ports are {@code port+1 … port+dataPorts}
 * @param dataPorts     how many data ports
 * @param maxFrameSize  largest accepted frame, checked before anything is allocated
 * @param idleTimeout   a session with no request for this long is ended and its files released
 * @param tokenTtl      how long a token waits for its data connection
 * @param workerThreads threads doing file I/O
 * @param tlsCert       PEM certificate chain; TLS is on when this and {@code tlsKey} are set
 * @param tlsKey        PEM PKCS#8 private key
 * @param clock         the time source for timeouts (tests drive it)
 * @param reapInterval  how often idle sessions are looked for
 * @param invalidationAckTimeout how long a write waits for another client to drop its cached copy;
 *                      a client that does not answer in time has its session ended
 * @param journal       where the operation journal lives (default: embedded H2 in the data directory);
 *                      {@code null} runs the node without a journal (only for measuring what it costs)
 * @param journalReads  whether reads are journaled too (as metadata: offset, length, session)
 * @param checkpointInterval how often files are forced to disk and the journal marks how far recovery
 *                      must look back
 * @param journalRetention journal entries (and the removed files kept for them) older than this are
 *                      pruned after a checkpoint; rollbacks cannot go back further
 * @param txStagingLimit most bytes of transactional writes one session may have staged (not yet prepared or
 *                      committed) at a time; staged work lives in the node's memory until then
 * @param group         the replicated group this node is a member of, or {@code null} for a standalone node
 * @param limits        what one user or peer may take of the node ({@link NodeLimits#DEFAULT} unless set)
 */
public record NodeConfig(Path root, Path dataDir, String bindAddress, int port, int dataPorts, int maxFrameSize,
                         Duration idleTimeout, Duration tokenTtl, int workerThreads, Path tlsCert, Path tlsKey,
                         Clock clock, Duration reapInterval, Duration invalidationAckTimeout,
                         dev.cage.server.journal.JournalConfig journal, boolean journalReads, Duration checkpointInterval,
                         Duration journalRetention, long txStagingLimit, dev.cage.server.group.GroupConfig group,
                         NodeLimits limits) {

    public NodeConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port + dataPorts > 65535) {
            throw new IllegalArgumentException("ports " + port + ".." + (port + dataPorts) + " are out of range");
        }
        if (dataPorts < 1) {
            throw new IllegalArgumentException("a node needs at least one data port");
        }
        if (maxFrameSize < 4096) {
            throw new IllegalArgumentException("max frame size must be at least 4096 bytes");
        }
        if (txStagingLimit < 1) {
            throw new IllegalArgumentException("the transaction staging limit must be positive");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key");
        }
    }

    public boolean tls() {
        return tlsCert != null;
    }

    public static Builder builder(Path root) {
        return new Builder(root);
    }

    public Builder toBuilder() {
        Builder b = new Builder(root);
        b.dataDir = dataDir;
        b.bindAddress = bindAddress;
        b.port = port;
        b.dataPorts = dataPorts;
        b.maxFrameSize = maxFrameSize;
        b.idleTimeout = idleTimeout;
        b.tokenTtl = tokenTtl;
        b.workerThreads = workerThreads;
        b.tlsCert = tlsCert;
        b.tlsKey = tlsKey;
        b.clock = clock;
        b.reapInterval = reapInterval;
        b.invalidationAckTimeout = invalidationAckTimeout;
        b.journal = journal;
        b.journalSet = true;
        b.journalReads = journalReads;
        b.checkpointInterval = checkpointInterval;
        b.journalRetention = journalRetention;
        b.txStagingLimit = txStagingLimit;
        b.group = group;
        b.limits = limits;
        return b;
    }

    /** Builds a {@link NodeConfig}. */
    public static final class Builder {
        private final Path root;
        private Path dataDir;
        private String bindAddress = "127.0.0.1";
        private int port = 7070;
        private dev.cage.server.group.GroupConfig group;
        private int dataPorts = 4;
        private int maxFrameSize = Protocol.DEFAULT_MAX_FRAME_SIZE;
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration tokenTtl = Duration.ofSeconds(30);
        // Journaled writes hold a worker while their entry commits (group commit batches them), so more
        // workers than cores let many files' writes share one commit.
        private int workerThreads = Math.max(96, 16 * Runtime.getRuntime().availableProcessors());
        private Path tlsCert;
        private Path tlsKey;
        private Clock clock = Clock.systemUTC();
        private Duration reapInterval;
        private Duration invalidationAckTimeout = Duration.ofSeconds(5);
        private dev.cage.server.journal.JournalConfig journal;
        private boolean journalSet;
        private boolean journalReads = true;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private Duration journalRetention = Duration.ofDays(30);
        private long txStagingLimit = 256L << 20;
        private NodeLimits limits = NodeLimits.DEFAULT;

        private Builder(Path root) {
            this.root = root;
        }

        public Builder dataDir(Path d) { this.dataDir = d; return this; }
        public Builder bindAddress(String a) { this.bindAddress = a; return this; }
        public Builder port(int p) { this.port = p; return this; }
        public Builder dataPorts(int n) { this.dataPorts = n; return this; }
        public Builder maxFrameSize(int n) { this.maxFrameSize = n; return this; }
        public Builder idleTimeout(Duration d) { this.idleTimeout = d; return this; }
        public Builder tokenTtl(Duration d) { this.tokenTtl = d; return this; }
        public Builder workerThreads(int n) { this.workerThreads = n; return this; }
        public Builder tls(Path cert, Path key) { this.tlsCert = cert; this.tlsKey = key; return this; }
        public Builder clock(Clock c) { this.clock = c; return this; }
        public Builder reapInterval(Duration d) { this.reapInterval = d; return this; }
        public Builder invalidationAckTimeout(Duration d) { this.invalidationAckTimeout = d; return this; }
        /** The journal database; {@code null} turns journaling off. Default: embedded H2 in the data directory. */
        public Builder journal(dev.cage.server.journal.JournalConfig j) { this.journal = j; this.journalSet = true; return this; }
        public Builder journalReads(boolean on) { this.journalReads = on; return this; }
        public Builder checkpointInterval(Duration d) { this.checkpointInterval = d; return this; }
        public Builder journalRetention(Duration d) { this.journalRetention = d; return this; }
        /** Most bytes one session may stage in transactions at a time (default 256 MiB). */
        public Builder txStagingLimit(long bytes) { this.txStagingLimit = bytes; return this; }
        /** Makes the node a member of a replicated group (default: none, a standalone node). */
        public Builder group(dev.cage.server.group.GroupConfig g) { this.group = g; return this; }
        /** What one user or peer may take of the node (default {@link NodeLimits#DEFAULT}). */
        public Builder limits(NodeLimits l) { this.limits = l; return this; }

        /** The journal as set, or the embedded default; its write-ahead log in the data directory unless set. */
        private dev.cage.server.journal.JournalConfig journalConfig(Path dir) {
            if (!journalSet) {
                return dev.cage.server.journal.JournalConfig.embedded(dir);
            }
            if (journal == null || journal.logDir() != null) {
                return journal;
            }
            return journal.withLogDir(dev.cage.server.journal.JournalConfig.defaultLogDir(dir));
        }

        public NodeConfig build() {
            Path dir = dataDir != null ? dataDir
                : Path.of(System.getProperty("user.home"), ".cage", "node-" + port);
            Duration reap = reapInterval != null ? reapInterval
                : Duration.ofMillis(Math.max(10, Math.min(1000, idleTimeout.toMillis() / 4)));
            return new NodeConfig(root, dir, bindAddress, port, dataPorts, maxFrameSize, idleTimeout, tokenTtl,
                workerThreads, tlsCert, tlsKey, clock, reap, invalidationAckTimeout,
                journalConfig(dir), journalReads, checkpointInterval,
                journalRetention, txStagingLimit, group, limits);
        }
    }
}
