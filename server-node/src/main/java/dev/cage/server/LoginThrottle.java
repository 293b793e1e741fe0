package dev.cage.server;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down repeated failed logins. Each failure for a user (from any address) doubles the delay before
 * that user's next answer, from 100 ms up to 5 s; a success clears it, and so do 15 quiet minutes.
 */
final class LoginThrottle {
    static final long FIRST_DELAY_MS = 100;
    static final long MAX_DELAY_MS = 5_000;
    private static final long FORGET_AFTER_MS = 15 * 60_000;

    private record Failures(int count, long lastMillis) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long to hold back the answer to the next login of {@code user}. */
    long delayMillis(String user) {
        Failures f = failures.get(user);
        if (f == null || clock.millis() - f.lastMillis() > FORGET_AFTER_MS) {
            return 0;
        }
        long d = FIRST_DELAY_MS << Math.min(f.count() - 1, 16);
        return Math.min(d, MAX_DELAY_MS);
    }

    void failed(String user) {
        long now = clock.millis();
        failures.merge(user, new Failures(1, now), (old, x) -> new Failures(old.count() + 1, now));
        if (failures.size() > 100_000) {
            failures.clear(); // bounded memory under a flood of made-up user names
        }
    }

    void succeeded(String user) {
        failures.remove(user);
    }
}
