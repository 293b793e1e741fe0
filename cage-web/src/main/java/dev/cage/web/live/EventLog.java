package dev.cage.web.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The live stream's recent events, each with an id one higher than the one before, kept for {@code window} so a
 * newly opened page starts full and a reconnecting one resumes after the last id it saw ({@code Last-Event-ID}).
 *
 * <p>Threads: safe to use from any thread.
 */
public final class EventLog<T> {
    /** One event: its id, when it was made, and what it says. */
    public record Event<T>(long id, Instant time, T value) {
    }

    private final Duration window;
    private final Deque<Event<T>> events = new ArrayDeque<>();
    private long lastId;

    public EventLog(Duration window) {
        this.window = window;
    }

    public synchronized Event<T> add(Instant time, T value) {
        Event<T> event = new Event<>(++lastId, time, value);
        events.addLast(event);
        Instant oldest = time.minus(window);
        while (events.getFirst().time().isBefore(oldest)) {
            events.removeFirst();
        }
        return event;
    }

    /**
     * The events after {@code lastSeenId}, oldest first; every event kept when {@code lastSeenId} is negative, and
     * also when it is ahead of the newest (an id from before the server restarted).
     */
    public synchronized List<Event<T>> after(long lastSeenId) {
        List<Event<T>> out = new ArrayList<>();
        boolean all = lastSeenId < 0 || lastSeenId > lastId;
        for (Event<T> e : events) {
            if (all || e.id() > lastSeenId) {
                out.add(e);
            }
        }
        return out;
    }

    public synchronized long lastId() {
        return lastId;
    }
}
