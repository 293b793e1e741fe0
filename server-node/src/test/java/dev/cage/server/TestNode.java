package dev.cage.server;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.CageException;
import dev.cage.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real node on 127.0.0.1 for tests, with its root and data directory under a test's temporary folder.
 * Restartable on the same ports, to test clients that live through a server restart.
 */
public final class TestNode implements AutoCloseable {
    private final Path root;
    private final Path dataDir;
    private final UnaryOperator<NodeConfig.Builder> tweak;
    private final String secret;
    private int port;
    private CageNode node;

    private TestNode(Path base, UnaryOperator<NodeConfig.Builder> tweak) throws IOException {
        this.root = Files.createDirectories(base.resolve("root"));
        this.dataDir = base.resolve("data");
        this.tweak = tweak;
        this.port = 0;
        this.node = CageNode.start(config(0));
        this.port = node.port();
        this.secret = Files.readAllLines(node.adminSecretFile()).get(1);
    }

    /** A node on ephemeral ports. */
    public static TestNode start(Path base) throws IOException {
        return new TestNode(base, b -> b);
    }

    public static TestNode start(Path base, UnaryOperator<NodeConfig.Builder> tweak) throws IOException {
        return new TestNode(base, tweak);
    }

    /** A node on a fixed block of free ports (main + data ports), so it can restart on the same ones. */
    public static TestNode startOnFixedPorts(Path base, UnaryOperator<NodeConfig.Builder> tweak) throws IOException {
        int dataPorts = tweak.apply(NodeConfig.builder(base)).build().dataPorts();
        int first = FreePorts.block(dataPorts + 1);
        return new TestNode(base, b -> tweak.apply(b).port(first));
    }

    private NodeConfig config(int fixedPort) {
        NodeConfig.Builder b = NodeConfig.builder(root).dataDir(dataDir).port(fixedPort);
        return tweak.apply(b).build();
    }

    public void stop() {
        node.close();
    }

    /** Starts again with the same settings (and the same ports if they were fixed). */
    public void restart() throws IOException {
        node = CageNode.start(config(node.config().port()));
    }

    public CageNode node() {
        return node;
    }

    public Path root() {
        return root;
    }

    public int port() {
        return node.port();
    }

    public String secret() {
        return secret;
    }

    public ServerSpec spec() {
        return new ServerSpec("127.0.0.1", node.port(), "admin", secret);
    }

    /** A client with this node as server {@code name}. */
    public Cage client(String name) throws CageException {
        return Cage.builder().name("test").server(name, spec()).responseTimeout(Duration.ofSeconds(10)).build();
    }

    public Cage.Builder clientBuilder(String name) {
        return Cage.builder().name("test").server(name, spec());
    }

    @Override
    public void close() {
        node.close();
    }
}
