package dev.cage.server.group;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The leader's policy for spares: a voter the leader has not heard from for {@code after} is replaced by a spare the
 * leader is in touch with (the spare votes from then on; the lost voter leaves the group and may be added again as a
 * spare when it is back). One replacement at a time, each a compare-and-set of the configuration, so a change made
 * meanwhile by an admin is never overwritten.
 */
final class SparePromotion implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SparePromotion.class.getName());
    /** A spare the leader heard from within this long is in touch (heartbeats go out several times a second). */
    private static final long IN_TOUCH_MILLIS = 2_000;
    private static final long CHECK_EVERY_MILLIS = 500;
    private static final long CHANGE_TIMEOUT_MILLIS = 10_000;

    private final RaftMember member;
    private final long afterMillis;
    private final ScheduledExecutorService timer;

    private SparePromotion(RaftMember member, Duration after) {
        this.member = member;
        this.afterMillis = after.toMillis();
        this.timer = after.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cage-spare-promotion");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts checking (every half second) unless {@code after} is zero: no automatic promotion. */
    static SparePromotion start(RaftMember member, Duration after) {
        SparePromotion p = new SparePromotion(member, after);
        if (p.timer != null) {
            p.timer.scheduleWithFixedDelay(p::check, CHECK_EVERY_MILLIS, CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        }
        return p;
    }

    private void check() {
        try {
            if (!member.serving()) {
                return;
            }
            Map<String, Long> silence = member.silenceMillis();
            List<GroupConfig.Member> voters = member.voters();
            List<GroupConfig.Member> spares = member.spares();
            GroupConfig.Member spare = spares.stream()
                .filter(s -> silence.getOrDefault(s.id(), Long.MAX_VALUE) < IN_TOUCH_MILLIS).findFirst().orElse(null);
            if (spare == null) {
                return;
            }
            for (GroupConfig.Member v : voters) {
                long quiet = silence.getOrDefault(v.id(), 0L);
                if (!v.id().equals(member.config().self()) && quiet >= afterMillis) {
                    LOG.log(System.Logger.Level.WARNING, "voter {0} has been silent for {1} ms: spare {2} takes its"
                        + " place", v.id(), quiet, spare.id());
                    member.changeConfiguration(MembershipChange.replace(voters, spares, v, spare), CHANGE_TIMEOUT_MILLIS);
                    LOG.log(System.Logger.Level.WARNING, "spare {0} votes in place of {1}", spare.id(), v.id());
                    return;
                }
            }
        } catch (Exception e) {
            // The next check tries again (a configuration changed meanwhile, a lost lead).
            LOG.log(System.Logger.Level.WARNING, "could not promote a spare: " + e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
