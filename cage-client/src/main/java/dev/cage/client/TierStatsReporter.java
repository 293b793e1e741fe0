package dev.cage.client;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Puts one {@link Cage}'s {@link TierStats} into the cluster map {@code <mapName>-stats} every interval, as a
 * {@link TierStatsReport} String under a key of its own, where {@code cage cache stats} reads them. Each entry lives
 * three intervals and at least {@link #MIN_TTL_MILLIS} (so that a member leaving, and the cluster moving partitions
 * for a few seconds, does not make live rows blink out), so the row of a Cage that vanished without closing
 * disappears by itself; {@link #close} removes it at once.
 *
 * <p>Threads: a daemon thread of its own takes the figures and writes them; readers never wait for it, and a failed
 * or slow write is counted ({@link #errors}) and otherwise ignored. Each write waits at most one interval, so writes
 * never pile up behind a stuck cluster. {@link #close} may be called from any thread, once.
 */
final class TierStatsReporter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TierStatsReporter.class.getName());

    static final long MIN_TTL_MILLIS = 5_000;

    private final HazelcastInstance hz;
    private final IMap<String, String> map;
    private final String key = UUID.randomUUID().toString();
    private final String name;
    private final Supplier<TierStats> stats;
    private final long intervalMillis;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final LongAdder errors = new LongAdder();
    /** Found on the reporting thread at its first run: a host name lookup may be slow. */
    private String label;

    private TierStatsReporter(HazelcastInstance hz, String mapName, String name, Supplier<TierStats> stats,
                              Duration interval, Clock clock) {
        this.hz = hz;
        this.map = hz.getMap(mapName);
        this.name = name;
        this.stats = stats;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cage-tier-stats-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts reporting {@code stats} of the Cage called {@code name} into {@code mapName} now and every interval. */
    static TierStatsReporter start(HazelcastInstance hz, String mapName, String name, Supplier<TierStats> stats,
                                   Duration interval, Clock clock) {
        TierStatsReporter r = new TierStatsReporter(hz, mapName, name, stats, interval, clock);
        r.thread.scheduleWithFixedDelay(r::report, 0, r.intervalMillis, TimeUnit.MILLISECONDS);
        return r;
    }

    private void report() {
        try {
            if (label == null) {
                label = hostName() + "/" + ProcessHandle.current().pid() + " " + name;
            }
            TierStatsReport.Role role = hz.getLocalEndpoint() instanceof Member
                ? TierStatsReport.Role.MEMBER : TierStatsReport.Role.CLIENT;
            String value = new TierStatsReport(label, role, hz.getLocalEndpoint().getUuid().toString(), clock.instant(),
                stats.get()).format();
            map.setAsync(key, value, Math.max(3 * intervalMillis, MIN_TTL_MILLIS), TimeUnit.MILLISECONDS).toCompletableFuture()
                .get(intervalMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) { // a cluster that is gone, slow or shut down: the next interval tries again
            if (errors.sum() == 0) {
                LOG.log(System.Logger.Level.DEBUG, "reporting tier statistics failed: {0}", e.toString());
            }
            errors.increment();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** Reports that failed or took longer than an interval. */
    long errors() {
        return errors.sum();
    }

    /** Stops reporting and removes this Cage's row, waiting at most about two intervals for either. */
    @Override
    public void close() {
        thread.shutdown(); // a report under way finishes (within an interval) before the row is removed
        try {
            thread.awaitTermination(intervalMillis, TimeUnit.MILLISECONDS);
            map.removeAsync(key).toCompletableFuture().get(intervalMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            errors.increment(); // the row expires by itself
        }
        thread.shutdownNow();
    }
}
