package dev.cage.bench.micro;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.OpenMode;
import dev.cage.server.CageNode;
import dev.cage.server.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A 4 KiB read that the client's page cache serves: a node in this process holds a 16 MiB file, a client with a cache
 * larger than the file has read all of it once, and each operation reads 4 KiB at a random offset. No request leaves
 * the client, so this is the cache's own hot path (lookup, copy, coherence bookkeeping).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PageCacheBenchmark {
    private static final int FILE = 16 << 20;
    private static final int READ = 4096;

    private Path dir;
    private CageNode node;
    private Cage cage;
    private CageChannel ch;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("cage-jmh");
        Path root = Files.createDirectories(dir.resolve("root"));
        byte[] bytes = new byte[FILE];
        ThreadLocalRandom.current().nextBytes(bytes);
        Files.write(root.resolve("f.bin"), bytes);
        node = CageNode.start(NodeConfig.builder(root).dataDir(dir.resolve("data")).port(0).journal(null).build());
        String secret = Files.readAllLines(node.adminSecretFile()).get(1);
        cage = Cage.builder().name("jmh").server("n", new ServerSpec("127.0.0.1", node.port(), "admin", secret))
            .pageCount(2 * FILE / (64 << 10)).build();
        ch = cage.open("n", "f.bin", OpenMode.SHARED_READ);
        byte[] all = new byte[FILE];
        if (cage.read(ch, 0, all, 0, FILE) != FILE) {
            throw new IOException("short read while filling the cache");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        cage.close();
        node.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @State(Scope.Thread)
    public static class Buffer {
        final byte[] dst = new byte[READ];
    }

    @Benchmark
    public int cachedRead(Buffer b) throws IOException {
        long at = ThreadLocalRandom.current().nextInt(FILE / READ) * (long) READ;
        return cage.read(ch, at, b.dst, 0, READ);
    }
}
