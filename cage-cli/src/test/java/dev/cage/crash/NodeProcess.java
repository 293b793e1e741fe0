package dev.cage.crash;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.CageException;
import dev.cage.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server node in a child JVM ({@code cage server}, from the test classpath, through {@link ChildJvm}), so that it can
 * be killed with SIGKILL and started again on the same ports, root and data directory. Its standard output and error
 * are appended to one log file across restarts.
 *
 * <p>Whatever happens, the child does not outlive this object: {@link #close()} kills it by its PID, and
 * {@link ChildJvm}'s shutdown hook stops it if the test JVM exits first.
 */
final class NodeProcess implements AutoCloseable {
    private final Path root;
    private final Path dataDir;
    private final int port;
    private final int dataPorts;
    private final Path log;
    private ChildJvm process;
    private String secret;
    private int starts;

    NodeProcess(Path root, Path dataDir, int port, int dataPorts, Path log) {
        this.root = root;
        this.dataDir = dataDir;
        this.port = port;
        this.dataPorts = dataPorts;
        this.log = log;
    }

    /** Starts the child with {@code extraArgs} after the usual ones; does not wait for it to serve. */
    void start(List<String> extraArgs) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node process " + process.pid() + " is still running");
        }
        starts++;
        process = ChildJvm.builder("node")
            // A small, quick-starting JVM: this machine runs the test, its clients and the node on 2 cores.
            .jvmOptions("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto")
            .mainClass(System.getProperty("java.class.path"), "dev.cage.cli.CageCommand")
            .args("server", "--root", root.toString(), "--port", String.valueOf(port),
                "--data-ports", String.valueOf(dataPorts), "--data-dir", dataDir.toString(),
                "-v") // INFO lines: the recovery report
            .args(extraArgs)
            .log(log).logHeader("=== start " + starts + ": " + String.join(" ", extraArgs))
            .start();
    }

    /**
     * Waits until the node accepts a login and answers a request; fails at once if the child exits meanwhile.
     *
     * @return how long it took, from this call
     */
    Duration awaitServing(Duration atMost) throws InterruptedException {
        return process.awaitUntil("node on port " + port + " serving", atMost, this::serving);
    }

    private boolean serving() throws IOException {
        if (secret == null) {
            Path file = dataDir.resolve("admin.secret");
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() < 2) {
                return false;
            }
            secret = lines.get(1).trim();
        }
        try (Cage probe = Cage.builder().name("probe").pageCount(0).responseTimeout(Duration.ofMillis(500))
            .server("s", spec()).build()) {
            probe.stat("s", "");
            return true;
        } catch (CageException e) {
            return false;
        }
    }

    /** Logs in with this admin secret (set in the data directory beforehand) instead of the one the node creates. */
    void useSecret(String adminSecret) {
        this.secret = adminSecret;
    }

    /** The admin login; known once the node has served. */
    ServerSpec spec() {
        return new ServerSpec("127.0.0.1", port, "admin", secret);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, then waits for the child to be gone; its exit status. */
    int kill() throws InterruptedException {
        process.kill();
        return process.exitValue();
    }

    /** SIGSTOP: the node keeps its sockets but answers nothing until {@link #resume()}. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT: the node goes on with whatever its sockets received meanwhile. */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String sig) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", sig, String.valueOf(process.pid())).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("kill " + sig + " " + process.pid() + " failed with exit " + p.exitValue());
        }
    }

    /** Waits up to {@code d} for the child to exit by itself; whether it did. */
    boolean waitFor(Duration d) throws InterruptedException {
        return process.waitFor(d);
    }

    /** A clean stop: SIGTERM, which runs the node's shutdown (requests finish, last checkpoint), then waits. */
    int stop() throws InterruptedException {
        if (!process.terminate(Duration.ofSeconds(60))) {
            throw new AssertionError("node process " + process.pid() + " did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process != null) {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
