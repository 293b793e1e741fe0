package dev.cage.client;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The shared tier as a Hazelcast {@code IMap<String, byte[]>}. Keys and values are a String and a byte array, types
 * every Hazelcast member and client serializes natively: members never need Cage's classes (an application server's
 * grid does not have them), and clients in different JVMs or class loaders agree on the keys' bytes.
 *
 * <p>Key: {@code "p1|<server address>|<file id>|<page size>|<page number>|<version>"}. The page size is part of it
 * because page {@code n} covers different bytes for clients with different page sizes.
 *
 * <p>Threads: any thread may call; Hazelcast's proxies are thread-safe and the counters are adders.
 */
final class HazelcastTier implements SharedTier {
    private static final System.Logger LOG = System.getLogger(HazelcastTier.class.getName());

    private final HazelcastInstance hz;
    private final boolean owned;
    private final IMap<String, byte[]> map;
    private final long timeoutNanos;
    private final LongAdder published = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final SharedPageCache settings;
    /** Set once, right after the Cage's page cache exists; {@code null} before. */
    private volatile TierStatsReporter reporter;

    private HazelcastTier(HazelcastInstance hz, boolean owned, SharedPageCache settings) {
        this.hz = hz;
        this.owned = owned;
        this.map = hz.getMap(settings.mapName());
        this.timeoutNanos = settings.timeout().toNanos();
        this.settings = settings;
    }

    /** Joins or connects as the settings say, making sure the map is bounded and evicts by frequency. */
    static HazelcastTier start(SharedPageCache settings) {
        if (settings.instance() != null) {
            addMapConfig(settings.instance(), settings);
            return new HazelcastTier(settings.instance(), false, settings);
        }
        if (settings.memberSettings() != null) {
            Config config = settings.memberSettings().hazelcastConfig();
            config.addMapConfig(mapConfig(settings));
            return new HazelcastTier(Hazelcast.newHazelcastInstance(config), true, settings);
        }
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig(settings.clientSettings()));
        addMapConfig(client, settings);
        return new HazelcastTier(client, true, settings);
    }

    /**
     * The map's bound: {@code USED_HEAP_SIZE}, Hazelcast's own measure of each member's entries in MiB. Pages differ
     * in size (a file's last page is short; clients may use different page sizes), so a byte bound is what is meant;
     * {@code PER_NODE} would count entries, right only if every page were full and of one size. LFU, because hot
     * pages should stay; the max-idle time lets unreachable pages of old versions go despite their old hits.
     */
    static MapConfig mapConfig(SharedPageCache s) {
        MapConfig m = new MapConfig(s.mapName())
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setBackupCount(s.backups())
            .setAsyncBackupCount(0)
            .setStatisticsEnabled(true)
            .setMaxIdleSeconds((int) Math.min(Integer.MAX_VALUE, s.maxIdle().toSeconds()));
        m.getEvictionConfig()
            .setEvictionPolicy(EvictionPolicy.LFU)
            .setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
            .setSize(s.megabytesPerMember());
        return m;
    }

    /** Adds the map's configuration to a running cluster, unless the cluster already configures it its own way. */
    private static void addMapConfig(HazelcastInstance hz, SharedPageCache s) {
        try {
            hz.getConfig().addMapConfig(mapConfig(s));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "map ''{0}'' keeps the cluster''s configuration: {1}", s.mapName(), e.getMessage());
        }
    }

    private static ClientConfig clientConfig(SharedPageCache.Client cl) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(cl.clusterName());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.getNetworkConfig().setAddresses(new ArrayList<>(cl.addresses()));
        // While disconnected, calls fail at once (and the read goes to the server) instead of waiting for a reconnect.
        c.getConnectionStrategyConfig().setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC);
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        return c;
    }

    static String key(String server, long fileId, int pageSize, long pageNo, long version) {
        return "p1|" + server + '|' + fileId + '|' + pageSize + '|' + pageNo + '|' + version;
    }

    @Override
    public Map<Long, byte[]> get(String server, long fileId, int pageSize, List<Long> pageNos, long version) {
        Map<Long, byte[]> out = new HashMap<>();
        List<CompletableFuture<byte[]>> asked = new ArrayList<>(pageNos.size());
        try {
            for (long p : pageNos) {
                asked.add(map.getAsync(key(server, fileId, pageSize, p, version)).toCompletableFuture());
            }
        } catch (RuntimeException e) {
            errors.increment(); // e.g. the instance was shut down: every page goes to the server
            return out;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (int i = 0; i < asked.size(); i++) {
            try {
                byte[] bytes = asked.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (bytes != null) {
                    out.put(pageNos.get(i), bytes);
                }
            } catch (TimeoutException | ExecutionException | RuntimeException e) {
                errors.increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return out;
            }
        }
        return out;
    }

    @Override
    public void put(String server, long fileId, int pageSize, long pageNo, long version, byte[] bytes) {
        try {
            map.setAsync(key(server, fileId, pageSize, pageNo, version), bytes).toCompletableFuture()
                .whenComplete((ok, e) -> (e == null ? published : errors).increment());
        } catch (RuntimeException e) {
            errors.increment();
        }
    }

    @Override
    public long published() {
        return published.sum();
    }

    @Override
    public long errors() {
        return errors.sum();
    }

    @Override
    public long[] memberStats() {
        try {
            LocalMapStats s = map.getLocalMapStats();
            return new long[] {s.getOwnedEntryMemoryCost(), s.getOwnedEntryCount(), s.getEvictionCount()};
        } catch (RuntimeException e) {
            return new long[3]; // a client has no local share of the map; a stopped instance has none left
        }
    }

    /**
     * Starts putting the figures of the Cage called {@code cageName} into the cluster (map {@code <mapName>-stats},
     * every {@link SharedPageCache#statsInterval}) until the tier closes. See {@link TierStatsReporter}.
     */
    void reportStats(String cageName, Supplier<TierStats> stats) {
        reporter = TierStatsReporter.start(hz, TierStatsReport.mapName(settings.mapName()), cageName, stats,
            settings.statsInterval(), Clock.systemUTC());
    }

    @Override
    public void close() {
        TierStatsReporter r = reporter;
        if (r != null) {
            r.close(); // before the instance goes, so that the row is removed rather than left to expire
        }
        if (owned) {
            hz.shutdown();
        }
    }
}
