package dev.cage.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventLogTest {
    private final Instant t0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aNewPage_getsEverythingKept_aReconnectingOne_exactlyWhatCameAfterItsLastId() {
        EventLog<String> log = new EventLog<>(Duration.ofMinutes(15));
        for (int i = 0; i < 5; i++) {
            log.add(t0.plusSeconds(i), "e" + i);
        }
        assertThat(log.after(-1)).extracting(EventLog.Event::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(log.after(3)).extracting(EventLog.Event::value).containsExactly("e3", "e4");
        assertThat(log.after(5)).isEmpty();
    }

    @Test
    void anIdFromBeforeARestart_aheadOfTheNewest_getsEverythingKept() {
        EventLog<String> log = new EventLog<>(Duration.ofMinutes(15));
        log.add(t0, "a");
        log.add(t0.plusSeconds(1), "b");
        assertThat(log.after(900)).extracting(EventLog.Event::value).containsExactly("a", "b");
    }

    @Test
    void eventsOlderThanTheWindow_areDropped_idsKeepCounting() {
        EventLog<Integer> log = new EventLog<>(Duration.ofSeconds(10));
        for (int i = 0; i <= 30; i++) {
            log.add(t0.plusSeconds(i), i);
        }
        assertThat(log.after(-1)).extracting(EventLog.Event::value).first().isEqualTo(20);
        assertThat(log.after(-1)).hasSize(11);
        assertThat(log.lastId()).isEqualTo(31);
    }
}
