package dev.cage.server;

import dev.cage.protocol.Protocol;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Status;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All sessions of a node: issues tokens, hands out data ports round-robin, and ends sessions that stay
 * idle past the timeout or never attach within the token's lifetime. Time comes from an injected clock,
 * so tests move it instead of waiting.
 */
final class Sessions {
    private static final System.Logger LOG = System.getLogger(Sessions.class.getName());
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger nextPort = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration tokenTtl;
    private final FileTable table;

    Sessions(Clock clock, Duration idleTimeout, Duration tokenTtl, FileTable table) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.tokenTtl = tokenTtl;
        this.table = table;
    }

    Session start(String user, boolean admin, int[] dataPorts, SocketAddress client) {
        return start(user, admin, dataPorts, client, Integer.MAX_VALUE);
    }

    /** A new session for {@code user}, or {@code null} if the user already has {@code most} (checked and added at once). */
    synchronized Session start(String user, boolean admin, int[] dataPorts, SocketAddress client, int most) {
        if (countOf(user) >= most) {
            return null;
        }
        byte[] t = new byte[32];
        random.nextBytes(t);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        int port = dataPorts[Math.floorMod(nextPort.getAndIncrement(), dataPorts.length)];
        Session s = new Session(ids.incrementAndGet(), user, admin, token, port, client, now());
        byToken.put(token, s);
        return s;
    }

    /** Sessions of {@code user} not yet ended, attached or still waiting for their data connection. */
    int countOf(String user) {
        int n = 0;
        for (Session s : byToken.values()) {
            if (s.user().equals(user) && !s.ended()) {
                n++;
            }
        }
        return n;
    }

    /** The session a token names, if it is still waiting to attach on {@code port}; else {@code null}. */
    Session claim(String token, int port) {
        Session s = byToken.get(token);
        if (s == null || s.ended() || s.attached() || s.dataPort() != port
            || now() - s.createdMillis() > tokenTtl.toMillis()) {
            return null;
        }
        return s;
    }

    long now() {
        return clock.millis();
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long a token waits for its data connection to attach. */
    Duration tokenTtl() {
        return tokenTtl;
    }

    /** Ends sessions idle past the timeout, and tokens never used within their lifetime. */
    void reap() {
        long now = now();
        for (Session s : byToken.values()) {
            boolean idle = s.attached() && now - s.lastActiveMillis() > idleTimeout.toMillis();
            boolean unused = !s.attached() && now - s.createdMillis() > tokenTtl.toMillis();
            if (idle || unused) {
                LOG.log(System.Logger.Level.INFO, "ending session {0} of {1}: {2}", s.id(), s.user(),
                    idle ? "idle for over " + idleTimeout.toMillis() + " ms" : "token never used");
                end(s, Status.SESSION_EXPIRED, "session ended after " + idleTimeout.toMillis() + " ms idle");
            }
        }
    }

    /** Ends a session: tells the client why (if it can), releases its files and closes its connection. */
    void end(Session s, Status why, String message) {
        if (!s.markEnded()) {
            return; // someone else is ending it
        }
        byToken.remove(s.token());
        s.releaseAcks(); // writers waiting on this session's acknowledgements go on
        for (OpenFile f : List.copyOf(s.files().values())) {
            if (!s.files().remove(f.handle(), f)) {
                continue; // an OPEN that saw the session end released it itself
            }
            // Queue the release behind the file's pending reads and writes, so none of them is cut short.
            try {
                f.file().lane().execute(() -> table.release(f));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                table.release(f); // the node's workers have stopped: nothing is pending on the file any more
            }
        }
        Channel c = s.connection();
        if (c != null && c.isActive()) {
            if (why != null) {
                c.writeAndFlush(Responses.error(c.alloc(), Protocol.UNSOLICITED, why, message))
                    .addListener(ChannelFutureListener.CLOSE);
            } else {
                c.close();
            }
        }
    }

    List<Session> all() {
        return new ArrayList<>(byToken.values());
    }

    void endAll(Status why, String message) {
        endAll(s -> true, why, message);
    }

    /** Ends the sessions {@code which} picks; returns how many. */
    int endAll(java.util.function.Predicate<Session> which, Status why, String message) {
        int ended = 0;
        for (Session s : all()) {
            if (which.test(s)) {
                end(s, why, message);
                ended++;
            }
        }
        return ended;
    }

}
