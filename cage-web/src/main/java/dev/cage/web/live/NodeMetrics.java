package dev.cage.web.live;

import dev.cage.api.NodeInfo;
import dev.cage.ejb.CageAdmin;
import dev.cage.ejb.CageAdminException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The nodes' counters for machines: MicroProfile Metrics gauges (Prometheus text on {@code /metrics}), tagged with
 * the node's name, read from the same samples the charts use ({@link Sampler}), so a scrape costs the nodes nothing.
 * The node counters only grow (they restart at zero with the node); {@code cage_node_up} says whether it answered.
 */
@ApplicationScoped
public class NodeMetrics {
    private static final Logger LOG = Logger.getLogger(NodeMetrics.class.getName());

    @Inject
    MetricRegistry registry;

    @Inject
    CageAdmin admin;

    @Inject
    Sampler sampler;

    @Inject
    LiveStreams streams;

    void register(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        try {
            for (String server : admin.servers()) {
                registerNode(server);
            }
        } catch (CageAdminException e) {
            LOG.log(Level.WARNING, "no node metrics: the connection factory names no servers", e);
        }
        registry.gauge(Metadata.builder().withName("cage.console.streams")
            .withDescription("Open live streams (Server-Sent Events) of console pages").build(), streams::openStreams);
    }

    private void registerNode(String server) {
        Tag tag = new Tag("server", server);
        registry.gauge(Metadata.builder().withName("cage.node.up")
            .withDescription("1 while the node answers the console, else 0").build(),
            () -> sampler.lastInfo(server).isPresent() ? 1 : 0, tag);
        node(server, tag, "cage.node.requests", "Data requests the node ran since it started", MetricUnits.NONE,
            NodeInfo::requestsServed);
        node(server, tag, "cage.node.reads", "Reads the node answered since it started", MetricUnits.NONE,
            NodeInfo::readsServed);
        node(server, tag, "cage.node.writes", "Writes the node applied since it started", MetricUnits.NONE,
            NodeInfo::writesServed);
        node(server, tag, "cage.node.read", "Bytes the node's reads returned since it started", MetricUnits.BYTES,
            NodeInfo::bytesRead);
        node(server, tag, "cage.node.written", "Bytes the node's writes wrote since it started", MetricUnits.BYTES,
            NodeInfo::bytesWritten);
        node(server, tag, "cage.node.sessions", "Live sessions", MetricUnits.NONE, NodeInfo::sessions);
        node(server, tag, "cage.node.open.files", "Distinct files open", MetricUnits.NONE, NodeInfo::openFiles);
        node(server, tag, "cage.node.open.channels", "Channels open over all sessions", MetricUnits.NONE,
            NodeInfo::openChannels);
    }

    private void node(String server, Tag tag, String name, String description, String unit, ToLongFunction<NodeInfo> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(),
            () -> sampler.lastInfo(server).map(value::applyAsLong).orElse(0L), tag);
    }
}
