package dev.cage.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.api.NodeInfo;
import dev.cage.api.NodeStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSampleTest {
    private static final Instant STARTED = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void ratesAreCounterDifferencesOverTheNodesOwnInterval() {
        NodeInfo before = info(STARTED, Duration.ofSeconds(10), 100, 40, 40 * 4096L);
        NodeInfo now = info(STARTED, Duration.ofSeconds(12), 300, 140, 140 * 4096L);
        NodeStats statsBefore = stats(Map.of("WRITE", 40L, "READ", 10L, "OPEN", 2L, "STAT", 1L, "SYNC", 0L), 0, 0, 7);
        NodeStats statsNow = stats(Map.of("WRITE", 140L, "READ", 30L, "OPEN", 4L, "CLOSE", 2L, "STAT", 9L, "SYNC", 2L),
            0, 0, 207);
        NodeSample s = NodeSample.between("main", before, now, statsBefore, statsNow);
        assertThat(s.up()).isTrue();
        assertThat(s.requestsPerSecond()).isEqualTo(100.0);
        assertThat(s.writesPerSecond()).isEqualTo(50.0);
        assertThat(s.readsPerSecond()).isEqualTo(10.0);
        assertThat(s.openClosePerSecond()).isEqualTo(2.0);
        assertThat(s.namespacePerSecond()).isEqualTo(4.0);
        assertThat(s.otherPerSecond()).isEqualTo(1.0);
        assertThat(s.bytesWrittenPerSecond()).isEqualTo(50.0 * 4096);
        assertThat(s.journalRecordsPerSecond()).isEqualTo(100.0);
    }

    @Test
    void theFirstAnswer_orOneAfterARestart_hasNoRates() {
        NodeInfo now = info(STARTED, Duration.ofSeconds(12), 300, 140, 0);
        assertThat(NodeSample.between("main", null, now, null, null).writesPerSecond()).isZero();
        NodeInfo restarted = info(STARTED.plusSeconds(60), Duration.ofSeconds(1), 3, 1, 0);
        assertThat(NodeSample.between("main", now, restarted, null, null).requestsPerSecond()).isZero();
    }

    @Test
    void percentilesComeFromTheRequestsAnsweredInTheInterval() {
        // Before: 1000 slow requests (bucket 60, about 32 ms). Between: 98 at bucket 40 (1,024 µs), 2 at bucket 52.
        List<Long> before = buckets(60, 1000);
        List<Long> now = new ArrayList<>(before);
        now.set(40, 98L);
        now.set(52, 2L);
        assertThat(NodeSample.percentileMillis(before, now, 0.50)).isEqualTo(1.024);
        assertThat(NodeSample.percentileMillis(before, now, 0.99)).isEqualTo(NodeStats.boundMicros(52) / 1000.0);
        assertThat(NodeSample.percentileMillis(before, before, 0.50)).as("nothing answered").isNull();
    }

    private static List<Long> buckets(int k, long n) {
        List<Long> b = new ArrayList<>(Collections.nCopies(100, 0L));
        b.set(k, n);
        return b;
    }

    private static NodeStats stats(Map<String, Long> requests, int k, long n, long journalRecords) {
        return new NodeStats(requests, buckets(k, n), journalRecords);
    }

    private static NodeInfo info(Instant started, Duration uptime, long requests, long writes, long bytesWritten) {
        return new NodeInfo("dev", 2, "/root", "127.0.0.1", 7070, List.of(7071), false, started, uptime,
            Duration.ofMinutes(10), true, "h2", 1, 0, 0, requests, 0, 0, writes, bytesWritten);
    }
}
