package dev.cage.web.live;

import java.time.Instant;
import java.util.List;

/**
 * What the live stream says once a second: every configured node's sample, and where the console's factory got its
 * pages ({@code null} when it could not say).
 */
public record Tick(Instant time, List<NodeSample> nodes, TierSample tier) {
    public Tick {
        nodes = List.copyOf(nodes);
    }
}
