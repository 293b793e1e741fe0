package dev.cage.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Slows down password guessing, per address and per user, with memory an attacker cannot flush.
 *
 * <ul>
 *   <li><b>Per address</b> (an IPv6 address counts by its /64): every login attempt counts as a failure until it
 *   succeeds, so parallel guesses are slowed together. After {@value #FREE_FAILURES} failures within
 *   {@value #FORGET_AFTER_MS} ms, each further answer to that address waits its turn, 100 ms after the previous one
 *   and doubling to {@value #MAX_ADDRESS_DELAY_MS} ms; an attempt whose turn is more than {@value #MOST_WAIT_MS} ms
 *   away is refused unchecked. The table keeps the {@value #MOST_ADDRESSES} most recent addresses.</li>
 *   <li><b>Per user</b>, for users that exist only (made-up names take no memory): after
 *   {@value #USER_FREE_FAILURES} failures against one user from anywhere, attempts for that user from an address it
 *   has not logged in from take turns {@value #USER_SPACING_MS} ms apart (refused beyond {@value #MOST_WAIT_MS} ms):
 *   guessing from many addresses goes no faster. The user's own login from an address it logged in from before is
 *   not slowed by others' failures.</li>
 * </ul>
 * A success clears its user's failures and remembers the address; it takes back its own attempt from the address's
 * count (and nothing more, so a valid account does not wash an address clean).
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 3;
    static final long MAX_ADDRESS_DELAY_MS = 5_000;
    static final int USER_FREE_FAILURES = 10;
    static final long USER_SPACING_MS = 1_000;
    static final long MOST_WAIT_MS = 10_000;
    static final long FORGET_AFTER_MS = 15 * 60_000;
    static final int MOST_ADDRESSES = 65_536;
    private static final int GOOD_ADDRESSES_PER_USER = 8;

    /** When to answer a proof: after {@code delayMillis}, or not at all ({@code refusal} says why). */
    record Verdict(long delayMillis, String refusal) {
        boolean refused() {
            return refusal != null;
        }
    }

    private static final class Failures {
        int count;
        long last;
        long nextTurn;
        final Set<String> goodAddresses = new LinkedHashSet<>();

        void forgetIfQuiet(long now) {
            if (now - last > FORGET_AFTER_MS) {
                count = 0;
            }
        }
    }

    private final Map<String, Failures> byAddress = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MOST_ADDRESSES;
        }
    };
    private final Map<String, Failures> byUser = new HashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts an attempt to log in as {@code user} (a user that exists if {@code known}) from {@code from}, and says
     * when to answer it. Call {@link #succeeded} if the proof is right.
     */
    synchronized Verdict admit(String user, boolean known, InetAddress from) {
        long now = clock.millis();
        String address = key(from);
        Failures a = byAddress.computeIfAbsent(address, k -> new Failures());
        a.forgetIfQuiet(now);
        long addressDelay = a.count < FREE_FAILURES ? 0
            : Math.min(MAX_ADDRESS_DELAY_MS, 100L << Math.min(a.count - FREE_FAILURES, 16));
        long turn = addressDelay == 0 ? now : Math.max(now, a.nextTurn) + addressDelay;
        if (turn - now > MOST_WAIT_MS) {
            return refused(turn - now, "from " + address);
        }
        Failures u = known ? byUser.computeIfAbsent(user, k -> new Failures()) : null;
        long userTurn = now;
        if (u != null) {
            u.forgetIfQuiet(now);
            if (u.count >= USER_FREE_FAILURES && !u.goodAddresses.contains(address)) {
                userTurn = Math.max(now, u.nextTurn) + USER_SPACING_MS;
                if (userTurn - now > MOST_WAIT_MS) {
                    return refused(userTurn - now, "for this user");
                }
            }
            u.count++;
            u.last = now;
            u.nextTurn = Math.max(u.nextTurn, userTurn);
        }
        a.count++;
        a.last = now;
        a.nextTurn = Math.max(a.nextTurn, turn);
        return new Verdict(Math.max(turn, userTurn) - now, null);
    }

    private static Verdict refused(long waitMillis, String where) {
        return new Verdict(0, "too many failed logins " + where + "; try again in " + (waitMillis + 999) / 1000 + " s");
    }

    /** The attempt {@link #admit} counted was right: it is no failure, and its user's failures are forgiven. */
    synchronized void succeeded(String user, InetAddress from) {
        String address = key(from);
        Failures a = byAddress.get(address);
        if (a != null && a.count > 0) {
            a.count--;
        }
        Failures u = byUser.get(user);
        if (u != null) {
            u.count = 0;
            u.goodAddresses.add(address);
            if (u.goodAddresses.size() > GOOD_ADDRESSES_PER_USER) {
                u.goodAddresses.remove(u.goodAddresses.iterator().next());
            }
        }
    }

    /** An IPv4 address as it is; an IPv6 address by its /64, which one host may have whole. */
    private static String key(InetAddress from) {
        if (from instanceof Inet6Address) {
            byte[] b = from.getAddress();
            StringBuilder s = new StringBuilder("v6:");
            for (int i = 0; i < 8; i++) {
                s.append(String.format("%02x", b[i]));
            }
            return s.toString();
        }
        return from.getHostAddress();
    }
}
