package dev.cage.it;

import dev.cage.testkit.ChildJvm;
import dev.cage.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A replicated group of two cage nodes ({@code it}: members {@code m0} and {@code m1}) in child JVMs on 127.0.0.1,
 * each with its own root and data directory and the same admin login; {@code m0} takes logins on a given port (its one
 * data port is the next), {@code m1} and both Raft ports on free ones. Stopped, both, by {@link #close()}.
 */
public final class GroupProcesses implements AutoCloseable {
    /** The group's name, as its members report it. */
    public static final String NAME = "it";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final List<ChildJvm> members = new ArrayList<>();

    private GroupProcesses() {
    }

    /** Starts both members and returns once each accepts logins (a leader may still be being elected). */
    public static GroupProcesses start(Path jar, Path dir, int firstPort, String user, String secret)
        throws IOException, InterruptedException {
        int firstRaft = FreePorts.blockApartFrom(1, IntStream.of(firstPort, firstPort + 1));
        int second = FreePorts.blockApartFrom(3, IntStream.of(firstPort, firstPort + 1, firstRaft));
        int[] ports = {firstPort, second};
        int[] raftPorts = {firstRaft, second + 2};
        String spec = "m0=127.0.0.1:" + ports[0] + ":" + raftPorts[0] + ",m1=127.0.0.1:" + ports[1] + ":" + raftPorts[1];
        deleteRecursively(dir); // a group of an earlier run named other ports in its log
        GroupProcesses g = new GroupProcesses();
        try {
            for (int i = 0; i < 2; i++) {
                Path home = dir.resolve("m" + i);
                Path data = Files.createDirectories(home.resolve("data"));
                Path root = Files.createDirectories(home.resolve("root"));
                Path log = home.resolve("node.log");
                addUser(jar, data, log, user, secret);
                g.members.add(ChildJvm.builder("group member m" + i)
                    .jvmOptions("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1").jar(jar)
                    .args("server", "--root", root.toString(), "--port", String.valueOf(ports[i]), "--data-ports", "1",
                        "--data-dir", data.toString(), "--group", NAME, "--member", "m" + i, "--members", spec)
                    .log(log).logHeader("=== start: member m" + i).start());
            }
            for (int i = 0; i < 2; i++) {
                g.members.get(i).awaitPorts(START_TIMEOUT, ports[i], ports[i] + 1);
            }
            return g;
        } catch (IOException | InterruptedException | RuntimeException e) {
            g.close();
            throw e;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void addUser(Path jar, Path data, Path log, String user, String secret)
        throws IOException, InterruptedException {
        try (ChildJvm p = ChildJvm.builder("cage user add").jvmOptions("-XX:TieredStopAtLevel=1").jar(jar)
            .args("user", "add", user, "--admin", "--data-dir", data.toString())
            .env("CAGE_NEW_SECRET", secret).log(log).logHeader("=== user add " + user).start()) {
            if (!p.waitFor(START_TIMEOUT) || p.exitValue() != 0) {
                throw new IllegalStateException("cage user add did not succeed; see " + log);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ChildJvm m : members) {
            m.stop(); // SIGTERM: a clean stop
            m.close();
        }
    }
}
