package dev.cage.client;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the cluster-shared page cache: a second tier behind a {@link Cage}'s own page cache, a Hazelcast
 * {@code IMap} of clean pages that every {@code Cage} on the same cluster reads from and adds to. Pass it to
 * {@link Cage.Builder#sharedPageCache}; without it a {@code Cage} has no second tier.
 *
 * <p>A page is stored under (server address, file id, page size, page number, file version) and holds the page's
 * bytes at exactly that version, so a lookup with the version the client knows to be current can never match an
 * older page (see the README, "Cluster-shared page cache").
 *
 * <p>Three ways to reach a cluster:
 * <ul>
 *   <li>{@link #using(HazelcastInstance)}: an instance the caller owns (a member or a client, e.g. an application
 *       server's); the {@code Cage} never shuts it down;</li>
 *   <li>{@link #member(Member)}: the {@code Cage} starts a member of its own (TCP/IP join, no multicast) and shuts it
 *       down when closed;</li>
 *   <li>{@link #client(Client)}: the {@code Cage} connects as a Hazelcast client and shuts it down when closed.</li>
 * </ul>
 *
 * <p>Immutable; the {@code with…} methods return changed copies.
 */
public final class SharedPageCache {
    /** The map's name unless {@link #withMapName} says otherwise. */
    public static final String DEFAULT_MAP_NAME = "cage-pages";
    /** How often a Cage reports its statistics unless {@link #withStatsInterval} says otherwise. */
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(2);

    private final HazelcastInstance instance;
    private final Member member;
    private final Client client;
    private final String mapName;
    private final int megabytesPerMember;
    private final int backups;
    private final Duration maxIdle;
    private final Duration timeout;
    private final Duration statsInterval;

    private SharedPageCache(HazelcastInstance instance, Member member, Client client, String mapName,
                            int megabytesPerMember, int backups, Duration maxIdle, Duration timeout,
                            Duration statsInterval) {
        this.instance = instance;
        this.member = member;
        this.client = client;
        this.mapName = mapName;
        this.megabytesPerMember = megabytesPerMember;
        this.backups = backups;
        this.maxIdle = maxIdle;
        this.timeout = timeout;
        this.statsInterval = statsInterval;
    }

    /** Shares pages through an instance the caller started and will shut down (an embedded member or a client). */
    public static SharedPageCache using(HazelcastInstance instance) {
        return new SharedPageCache(Objects.requireNonNull(instance, "instance"), null, null, DEFAULT_MAP_NAME, 256, 0,
            Duration.ofMinutes(10), Duration.ofMillis(500), DEFAULT_STATS_INTERVAL);
    }

    /** Starts a member of its own cluster when the {@code Cage} is built; it leaves the cluster when the Cage closes. */
    public static SharedPageCache member(Member settings) {
        return new SharedPageCache(null, Objects.requireNonNull(settings, "settings"), null, DEFAULT_MAP_NAME, 256, 0,
            Duration.ofMinutes(10), Duration.ofMillis(500), DEFAULT_STATS_INTERVAL);
    }

    /** Connects as a Hazelcast client when the {@code Cage} is built; it disconnects when the Cage closes. */
    public static SharedPageCache client(Client settings) {
        return new SharedPageCache(null, null, Objects.requireNonNull(settings, "settings"), DEFAULT_MAP_NAME, 256, 0,
            Duration.ofMinutes(10), Duration.ofMillis(500), DEFAULT_STATS_INTERVAL);
    }

    /** The name of the {@code IMap} holding the pages; every Cage that should share pages must use the same. */
    public SharedPageCache withMapName(String name) {
        requireArgument(name != null && !name.isBlank(), "map name must not be blank");
        return new SharedPageCache(instance, member, client, name, megabytesPerMember, backups, maxIdle, timeout,
            statsInterval);
    }

    /**
     * The most page data each member keeps, in MiB ({@code MaxSizePolicy.USED_HEAP_SIZE}, evicting the least
     * frequently used pages). Applies when the map's configuration is added by this Cage; a map already configured in
     * the cluster keeps its own. Default 256.
     */
    public SharedPageCache withMegabytesPerMember(int megabytes) {
        requireArgument(megabytes >= 1, "megabytes per member must be at least 1, not " + megabytes);
        return new SharedPageCache(instance, member, client, mapName, megabytes, backups, maxIdle, timeout,
            statsInterval);
    }

    /**
     * Synchronous backup copies of each page (default 0: a page is a copy of what the server has, so a member that
     * dies costs only cluster misses, and no memory goes to backups).
     */
    public SharedPageCache withBackups(int count) {
        requireArgument(count >= 0 && count <= 6, "backups must be 0..6, not " + count);
        return new SharedPageCache(instance, member, client, mapName, megabytesPerMember, count, maxIdle, timeout,
            statsInterval);
    }

    /**
     * How long a page nobody reads stays (default 10 minutes). Pages of an old file version are unreachable but keep
     * their hit counts, which LFU eviction alone would respect; this lets them go.
     */
    public SharedPageCache withMaxIdle(Duration idle) {
        requireArgument(idle != null && idle.toSeconds() >= 1, "max idle must be at least one second");
        return new SharedPageCache(instance, member, client, mapName, megabytesPerMember, backups, idle, timeout,
            statsInterval);
    }

    /**
     * How long a lookup in the cluster may take before the page is read from the server instead (default 500 ms):
     * a slow or unreachable cluster never fails a read, it only makes it go to the server.
     */
    public SharedPageCache withTimeout(Duration d) {
        requireArgument(d != null && !d.isNegative() && !d.isZero(), "timeout must be positive");
        return new SharedPageCache(instance, member, client, mapName, megabytesPerMember, backups, maxIdle, d,
            statsInterval);
    }

    /**
     * How often the {@code Cage} puts its {@link Cage#tierStats()} into the cluster map {@code <mapName>-stats}, where
     * {@code cage cache stats} reads them (default 2 s, at least 100 ms). A report lives three intervals (at least
     * 5 s), so the row of a Cage that vanished without closing goes by itself; closing the Cage removes it at once.
     */
    public SharedPageCache withStatsInterval(Duration interval) {
        requireArgument(interval != null && interval.toMillis() >= 100, "stats interval must be at least 100 ms");
        return new SharedPageCache(instance, member, client, mapName, megabytesPerMember, backups, maxIdle, timeout,
            interval);
    }

    public String mapName() {
        return mapName;
    }

    public int megabytesPerMember() {
        return megabytesPerMember;
    }

    public int backups() {
        return backups;
    }

    public Duration maxIdle() {
        return maxIdle;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration statsInterval() {
        return statsInterval;
    }

    HazelcastInstance instance() {
        return instance;
    }

    Member memberSettings() {
        return member;
    }

    Client clientSettings() {
        return client;
    }

    /**
     * A member of a cluster of its own: joins by TCP/IP (multicast off), listens on {@code host} from {@code port}
     * (the next ports are tried if taken), and looks for the others at {@code members} ("host" or "host:port"; a
     * host alone means the same port range there).
     */
    public record Member(String clusterName, String host, int port, List<String> members) {
        public Member {
            requireArgument(clusterName != null && !clusterName.isBlank(), "cluster name must not be blank");
            requireArgument(host != null && !host.isBlank(), "host must not be blank");
            requireArgument(port > 0 && port < 65536, "port must be 1..65535, not " + port);
            members = List.copyOf(members);
        }

        /** Ports a member tries from {@link #port} on, and where it looks for the others. */
        public static final int PORT_COUNT = 20;

        /** A member on 127.0.0.1 that finds the others on 127.0.0.1, from {@code port} on. */
        public static Member loopback(String clusterName, int port) {
            return new Member(clusterName, "127.0.0.1", port, List.of("127.0.0.1"));
        }

        /**
         * The Hazelcast configuration of such a member: TCP/IP join with the listed members, bound to {@link #host}
         * only, multicast and auto-detection off, no phoning home. Callers may add to it before starting a member.
         */
        public Config hazelcastConfig() {
            Config c = new Config();
            c.setClusterName(clusterName);
            c.setProperty("hazelcast.phone.home.enabled", "false");
            c.setProperty("hazelcast.socket.bind.any", "false");
            NetworkConfig n = c.getNetworkConfig();
            n.setPort(port).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
            n.getInterfaces().setEnabled(true).addInterface(host);
            JoinConfig j = n.getJoin();
            j.getMulticastConfig().setEnabled(false);
            j.getAutoDetectionConfig().setEnabled(false);
            j.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(members));
            return c;
        }
    }

    /** A Hazelcast client of the cluster {@code clusterName}, connecting to {@code addresses} ("host:port"). */
    public record Client(String clusterName, List<String> addresses) {
        public Client {
            requireArgument(clusterName != null && !clusterName.isBlank(), "cluster name must not be blank");
            requireArgument(addresses != null && !addresses.isEmpty(), "a client needs at least one address");
            addresses = List.copyOf(addresses);
        }
    }

    private static void requireArgument(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
