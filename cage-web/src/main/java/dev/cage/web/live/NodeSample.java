package dev.cage.web.live;

import dev.cage.api.NodeInfo;
import java.time.Instant;

/**
 * One node at one tick of the live stream: up with its rates over the last interval (per second, from the
 * differences of the node's counters), or down with since when and why.
 */
public record NodeSample(String server, boolean up, Instant downSince, String error, double requestsPerSecond,
                         double readsPerSecond, double writesPerSecond, double bytesReadPerSecond,
                         double bytesWrittenPerSecond, int sessions, int openFiles, int openChannels) {

    public static NodeSample down(String server, Instant since, String error) {
        return new NodeSample(server, false, since, error, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The rates between two answers of the same node; zero rates for the first answer or after a restart. */
    public static NodeSample between(String server, NodeInfo before, NodeInfo now) {
        double seconds = before == null || !before.started().equals(now.started()) ? 0
            : (now.uptime().toNanos() - before.uptime().toNanos()) / 1e9;
        if (seconds <= 0) {
            return new NodeSample(server, true, null, null, 0, 0, 0, 0, 0,
                now.sessions(), now.openFiles(), now.openChannels());
        }
        return new NodeSample(server, true, null, null,
            (now.requestsServed() - before.requestsServed()) / seconds,
            (now.readsServed() - before.readsServed()) / seconds,
            (now.writesServed() - before.writesServed()) / seconds,
            (now.bytesRead() - before.bytesRead()) / seconds,
            (now.bytesWritten() - before.bytesWritten()) / seconds,
            now.sessions(), now.openFiles(), now.openChannels());
    }
}
