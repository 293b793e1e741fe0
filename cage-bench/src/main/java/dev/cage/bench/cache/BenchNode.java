package dev.cage.bench.cache;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import dev.cage.server.CageNode;
import dev.cage.server.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link CageNode} started in this process on ephemeral ports of 127.0.0.1, serving the benchmark's
 * directory, and the client settings to reach it. Every Cage the cache benchmark builds comes from here.
 */
public final class BenchNode implements AutoCloseable {
    /** The name the clients give the node. */
    static final String SERVER = "bench";
    private final CageNode node;
    private final ServerSpec spec;

    BenchNode(Path root, Path dataDir) throws IOException {
        // No journal: this measures the wire and the node; `cage bench journal` measures what journaling costs.
        node = CageNode.start(NodeConfig.builder(root).dataDir(dataDir).port(0).journal(null).build());
        try {
            String secret = Files.readAllLines(node.adminSecretFile()).get(1);
            spec = new ServerSpec("127.0.0.1", node.port(), "admin", secret);
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** A client builder for this node, named {@code name}; the caller sets the cache. */
    Cage.Builder client(String name) {
        return Cage.builder().name(name).server(SERVER, spec);
    }

    /** Replies the node held back until other caches dropped old bytes (see {@link CageNode#heldReplies}). */
    long heldReplies() {
        return node.heldReplies();
    }

    /** How the node runs, for the report. */
    String notes() {
        return "CageNode in-process on 127.0.0.1 (" + node.config().dataPorts() + " data ports, "
            + node.config().workerThreads() + " workers)";
    }

    @Override
    public void close() {
        node.close();
    }
}
