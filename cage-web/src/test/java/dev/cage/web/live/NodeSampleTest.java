package dev.cage.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.api.NodeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeSampleTest {
    private static final Instant STARTED = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void ratesAreCounterDifferencesOverTheNodesOwnInterval() {
        NodeInfo before = info(STARTED, Duration.ofSeconds(10), 100, 40, 40 * 4096L);
        NodeInfo now = info(STARTED, Duration.ofSeconds(12), 300, 140, 140 * 4096L);
        NodeSample s = NodeSample.between("main", before, now);
        assertThat(s.up()).isTrue();
        assertThat(s.requestsPerSecond()).isEqualTo(100.0);
        assertThat(s.writesPerSecond()).isEqualTo(50.0);
        assertThat(s.bytesWrittenPerSecond()).isEqualTo(50.0 * 4096);
    }

    @Test
    void theFirstAnswer_orOneAfterARestart_hasNoRates() {
        NodeInfo now = info(STARTED, Duration.ofSeconds(12), 300, 140, 0);
        assertThat(NodeSample.between("main", null, now).writesPerSecond()).isZero();
        NodeInfo restarted = info(STARTED.plusSeconds(60), Duration.ofSeconds(1), 3, 1, 0);
        assertThat(NodeSample.between("main", now, restarted).requestsPerSecond()).isZero();
    }

    private static NodeInfo info(Instant started, Duration uptime, long requests, long writes, long bytesWritten) {
        return new NodeInfo("dev", 2, "/root", "127.0.0.1", 7070, List.of(7071), false, started, uptime,
            Duration.ofMinutes(10), true, "h2", 1, 0, 0, requests, 0, 0, writes, bytesWritten);
    }
}
