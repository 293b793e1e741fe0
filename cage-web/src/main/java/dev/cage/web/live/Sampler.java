package dev.cage.web.live;

import dev.cage.api.NodeInfo;
import dev.cage.api.NodeStats;
import dev.cage.api.TierStats;
import dev.cage.ejb.CageAdmin;
import dev.cage.ejb.CageAdminException;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Asks every node for its counters once a second, turns them into rates, keeps the last 15 minutes
 * ({@link EventLog}) and hands each tick to the open streams ({@link LiveStreams}). One sampler for all pages: a
 * node sees two admin requests a second however many pages are open. Each node is asked on a thread of its own, so
 * a slow or vanished node (whose calls wait out the response timeout) never holds back the others' ticks: a tick
 * carries every node's newest sample.
 */
@ApplicationScoped
public class Sampler {
    static final Duration PERIOD = Duration.ofSeconds(1);
    static final Duration KEPT = Duration.ofMinutes(15);
    private static final Logger LOG = Logger.getLogger(Sampler.class.getName());

    @Inject
    CageAdmin admin;

    @Inject
    LiveStreams streams;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService askers;

    private final EventLog<Tick> log = new EventLog<>(KEPT);
    private final Map<String, NodeInfo> lastInfo = new HashMap<>();
    private final Map<String, NodeStats> lastStats = new HashMap<>();
    private final Map<String, Instant> downSince = new HashMap<>();
    private final Map<String, NodeSample> newest = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> asking = new ConcurrentHashMap<>();
    private ScheduledFuture<?> task;
    private TierStats lastTier;
    private Instant lastTierAt;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        task = scheduler.scheduleAtFixedRate(this::tickSafely, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    public EventLog<Tick> log() {
        return log;
    }

    /** The newest answer of a node, if it has answered since the console started. */
    public synchronized Optional<NodeInfo> lastInfo(String server) {
        return Optional.ofNullable(lastInfo.get(server));
    }

    /** A node's newest sample: its rates, or why it is down. */
    public Optional<NodeSample> newest(String server) {
        return Optional.ofNullable(newest.get(server));
    }

    /** Since when a node has not answered; empty while it answers. */
    public synchronized Optional<Instant> downSince(String server) {
        return Optional.ofNullable(downSince.get(server));
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "live sample failed", e);
        }
    }

    private void tick() {
        List<String> servers;
        Instant now = Instant.now();
        List<NodeSample> samples = new ArrayList<>();
        try {
            servers = admin.servers();
        } catch (CageAdminException e) {
            servers = List.of();
        }
        for (String server : servers) {
            Future<?> last = asking.get(server);
            if (last == null || last.isDone()) {
                asking.put(server, askers.submit(() -> newest.put(server, sample(server, Instant.now()))));
            }
            NodeSample sample = newest.get(server);
            if (sample != null) {
                samples.add(sample); // a node still being asked shows its previous sample
            }
        }
        streams.publish(log, now, new Tick(now, samples, tier(now)));
    }

    /** The node's request stats, or {@code null} if it does not give them (an older node): the rest still works. */
    private NodeStats statsOf(String server) {
        try {
            return admin.stats(server);
        } catch (CageAdminException e) {
            return null;
        }
    }

    private TierSample tier(Instant now) {
        try {
            TierStats stats = admin.tierStats();
            synchronized (this) {
                double seconds = lastTierAt == null ? 0 : Duration.between(lastTierAt, now).toNanos() / 1e9;
                TierSample sample = TierSample.between(lastTier, stats, seconds);
                lastTier = stats;
                lastTierAt = now;
                return sample;
            }
        } catch (CageAdminException e) {
            return null;
        }
    }

    private NodeSample sample(String server, Instant now) {
        try {
            NodeInfo info = admin.node(server);
            NodeStats stats = statsOf(server);
            synchronized (this) {
                NodeSample sample = NodeSample.between(server, lastInfo.get(server), info, lastStats.get(server), stats);
                lastInfo.put(server, info);
                if (stats != null) {
                    lastStats.put(server, stats);
                } else {
                    lastStats.remove(server);
                }
                downSince.remove(server);
                return sample;
            }
        } catch (CageAdminException e) {
            synchronized (this) {
                Instant since = downSince.computeIfAbsent(server, s -> now);
                lastInfo.remove(server);
                lastStats.remove(server);
                return NodeSample.down(server, since, e.getMessage());
            }
        }
    }
}
