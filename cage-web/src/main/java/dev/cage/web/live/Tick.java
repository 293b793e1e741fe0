package dev.cage.web.live;

import java.time.Instant;
import java.util.List;

/** What the live stream says once a second: every configured node's sample. */
public record Tick(Instant time, List<NodeSample> nodes) {
    public Tick {
        nodes = List.copyOf(nodes);
    }
}
