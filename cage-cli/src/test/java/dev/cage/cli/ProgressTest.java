package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static final long MIB = 1 << 20;
    private final StringWriter text = new StringWriter();
    private long now = 1_000_000L; // nanoseconds on a fake clock; nothing special about zero

    private Progress progress(long total) {
        return new Progress(new PrintWriter(text), total, () -> now);
    }

    private void advanceMillis(long ms) {
        now += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void update_beforeTwoSeconds_printsNothing() {
        Progress p = progress(100 * MIB);
        advanceMillis(1999);
        p.update(50 * MIB);
        p.close();

        assertThat(text.toString()).isEmpty();
    }

    @Test
    void update_afterTwoSeconds_printsPercentMibAndRate() {
        Progress p = progress(100 * MIB);
        advanceMillis(2000);
        p.update(50 * MIB);

        assertThat(text.toString()).isEqualTo("\r 50%  50.0 / 100.0 MiB  25.0 MiB/s");
    }

    @Test
    void update_refreshesAtMostTwiceASecond() {
        Progress p = progress(100 * MIB);
        advanceMillis(2000);
        p.update(10 * MIB);
        advanceMillis(499);
        p.update(20 * MIB);
        assertThat(text.toString()).containsOnlyOnce("\r");

        advanceMillis(1);
        p.update(30 * MIB);
        assertThat(text.toString().split("\r", -1)).hasSize(3);
    }

    @Test
    void close_afterShowing_printsTheFinalStateAndEndsTheLine() {
        Progress p = progress(4 * MIB);
        advanceMillis(3000);
        p.update(3 * MIB);
        advanceMillis(1000);
        p.update(4 * MIB);
        p.close();

        assertThat(text.toString()).endsWith("\r100%  4.0 / 4.0 MiB  1.0 MiB/s" + System.lineSeparator());
    }

    @Test
    void close_afterShowingTheLastUpdate_onlyEndsTheLine() {
        Progress p = progress(4 * MIB);
        advanceMillis(2000);
        p.update(4 * MIB);
        p.close();

        assertThat(text.toString()).isEqualTo("\r100%  4.0 / 4.0 MiB  2.0 MiB/s" + System.lineSeparator());
    }

    @Test
    void shorterLine_isPaddedToWipeTheLongerOne() {
        Progress p = progress(-1);
        advanceMillis(2000);
        p.update(1000 * MIB); // "1000.0 MiB  500.0 MiB/s"
        advanceMillis(98_000);
        p.update(1000 * MIB); // "1000.0 MiB  10.0 MiB/s" is one character shorter

        assertThat(text.toString()).endsWith("\r1000.0 MiB  10.0 MiB/s ");
    }
}
