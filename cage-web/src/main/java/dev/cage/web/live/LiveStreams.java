package dev.cage.web.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The open Server-Sent Events streams. A new stream first gets what the log holds after the client's
 * {@code Last-Event-ID} (everything kept for a new page), then every new tick; both happen under one lock, so no tick
 * is sent twice or skipped between the two.
 *
 * <p>Threads: safe to use from any thread; sending is serialized.
 */
@ApplicationScoped
public class LiveStreams {
    /** The SSE event name of a tick. */
    public static final String TICK = "tick";
    private static final long RECONNECT_MILLIS = 1_000;

    private final Jsonb json = JsonbBuilder.create();
    private final List<Open> open = new ArrayList<>();

    private record Open(SseEventSink sink, Sse sse) {
    }

    /** Sends the ticks after {@code lastSeenId} (all kept when negative), then keeps the stream for new ones. */
    public synchronized void open(EventLog<Tick> log, long lastSeenId, SseEventSink sink, Sse sse) {
        for (EventLog.Event<Tick> e : log.after(lastSeenId)) {
            if (!send(sink, sse, e)) {
                return;
            }
        }
        open.add(new Open(sink, sse));
    }

    synchronized void publish(EventLog<Tick> log, Instant time, Tick tick) {
        EventLog.Event<Tick> event = log.add(time, tick);
        open.removeIf(o -> !send(o.sink(), o.sse(), event));
    }

    public synchronized int openStreams() {
        open.removeIf(o -> o.sink().isClosed());
        return open.size();
    }

    private boolean send(SseEventSink sink, Sse sse, EventLog.Event<Tick> e) {
        if (sink.isClosed()) {
            return false;
        }
        OutboundSseEvent event = sse.newEventBuilder().id(Long.toString(e.id())).name(TICK)
            .data(String.class, json.toJson(e.value()))
            .reconnectDelay(RECONNECT_MILLIS).build();
        try {
            sink.send(event).toCompletableFuture().join();
            return true;
        } catch (RuntimeException gone) {
            sink.close();
            return false;
        }
    }
}
