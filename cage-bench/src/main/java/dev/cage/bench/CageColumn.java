package dev.cage.bench;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageInputStream;
import dev.cage.client.CageOutputStream;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.OpenMode;
import dev.cage.server.CageNode;
import dev.cage.server.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Column 4, the system under test: a {@link CageNode} started in this process on ephemeral ports with its
 * own root, and a {@link Cage} client over 127.0.0.1. The client has no page cache yet, so every read goes
 * to the node. Random reads at queue depth above 1 share one client (one data connection) by default, as
 * an application would; {@code clients > 1} spreads the threads over that many clients, each with its own
 * session and connection, to compare.
 */
final class CageColumn implements Column {
    private static final String SERVER = "bench";
    private final CageNode node;
    private final ServerSpec spec;
    private final Cage cage;
    private final int clients;
    private final int window;

    CageColumn(Path root, Path dataDir, int clients, int window) throws IOException {
        this.clients = clients;
        this.window = window;
        node = startNode(root, dataDir);
        try {
            spec = new ServerSpec("127.0.0.1", node.port(), "admin", adminSecret(node));
            cage = newClient();
            cage.stat(SERVER, ""); // logs in now, so the first timed request does not
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** A node for a column: in-process, on ephemeral ports, without journal. */
    static CageNode startNode(Path root, Path dataDir) throws IOException {
        Files.createDirectories(root);
        // No journal: this measures the wire and the node; `cage bench journal` measures what journaling costs.
        return CageNode.start(NodeConfig.builder(root).dataDir(dataDir).port(0).journal(null).build());
    }

    static String adminSecret(CageNode node) throws IOException {
        return Files.readAllLines(node.adminSecretFile()).get(1);
    }

    private Cage newClient() throws IOException {
        // Page count 0: this column measures the node and the wire, not the client's page cache.
        return Cage.builder().name("bench").server(SERVER, spec).pageCount(0).build();
    }

    @Override
    public String id() {
        return "cage";
    }

    @Override
    public String title() {
        return "Cage";
    }

    @Override
    public String notes() {
        return "CageNode in-process on 127.0.0.1 (" + node.config().dataPorts() + " data ports, "
            + node.config().workerThreads() + " workers), client without cache, "
            + (clients == 1 ? "one client shared by all threads" : clients + " clients for queue depth > 1")
            + ", sequential streams with " + window + " chunks of 1 MiB in flight";
    }

    /** Sequential transfers stream through the client's write-behind and read-ahead, as an application moving a file would. */
    @Override
    public SequentialWriter writer(String name, long size) throws IOException {
        CageChannel ch = cage.open(SERVER, name, OpenMode.EXCLUSIVE, true);
        cage.truncate(ch, 0);
        CageOutputStream out = cage.outputStream(ch, 0, window);
        return new SequentialWriter() {
            @Override
            public void write(byte[] src, int off, int len) throws IOException {
                out.write(src, off, len);
            }

            @Override
            public void close() throws IOException {
                try {
                    out.close();
                } finally {
                    cage.close(ch);
                }
            }
        };
    }

    @Override
    public SequentialReader reader(String name, long size, int round) throws IOException {
        CageChannel ch = cage.open(SERVER, name, OpenMode.SHARED_READ);
        CageInputStream in = cage.inputStream(ch, 0, window);
        return new SequentialReader() {
            @Override
            public int read(byte[] dst, int off, int len) throws IOException {
                return in.read(dst, off, len);
            }

            @Override
            public void close() throws IOException {
                in.close();
                cage.close(ch);
            }
        };
    }

    @Override
    public RandomReads randomReads(String name, int round, int threads) throws IOException {
        int n = threads == 1 ? 1 : clients;
        List<Cage> users = new ArrayList<>();
        List<CageChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Cage c = i == 0 ? cage : newClient();
                users.add(c);
                channels.add(c.open(SERVER, name, OpenMode.SHARED_READ));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(users, channels);
            throw e;
        }
        return new RandomReads() {
            @Override
            public PointReader forThread(int thread) {
                Cage c = users.get(thread % n);
                CageChannel ch = channels.get(thread % n);
                return (offset, dst) -> {
                    if (c.read(ch, offset, dst, 0, dst.length) != dst.length) {
                        throw new IOException("short read at " + offset);
                    }
                };
            }

            @Override
            public void close() throws IOException {
                closeAll(users, channels);
            }
        };
    }

    private void closeAll(List<Cage> users, List<CageChannel> channels) throws IOException {
        for (int i = 0; i < users.size(); i++) {
            if (i < channels.size()) {
                users.get(i).close(channels.get(i));
            }
            if (users.get(i) != cage) {
                users.get(i).close();
            }
        }
    }

    @Override
    public void writeSmallFile(String name, byte[] data) throws IOException {
        cage.writeFile(SERVER, name, data);
    }

    @Override
    public void makeDir(String name) throws IOException {
        cage.mkdir(SERVER, name);
    }

    @Override
    public void remove(String name) throws IOException {
        cage.remove(SERVER, name);
    }

    @Override
    public void removeDir(String name) throws IOException {
        cage.rmdir(SERVER, name);
    }

    @Override
    public void close() {
        try {
            cage.close();
        } finally {
            node.close();
        }
    }
}
