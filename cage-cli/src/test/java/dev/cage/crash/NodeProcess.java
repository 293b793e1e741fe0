package dev.cage.crash;

import static org.awaitility.Awaitility.await;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.CageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server node in a child JVM ({@code cage server}, from the test classpath), so that it can be killed with
 * SIGKILL and started again on the same ports, root and data directory. Its standard output and error are appended
 * to one log file across restarts.
 *
 * <p>Whatever happens, the child does not outlive this object: {@link #close()} kills it by its PID, and a shutdown
 * hook does the same if the test JVM exits first.
 */
final class NodeProcess implements AutoCloseable {
    private final Path root;
    private final Path dataDir;
    private final int port;
    private final int dataPorts;
    private final Path log;
    private final Thread reaper = new Thread(this::killNow, "kill-node-child");
    private Process process;
    private String secret;
    private int starts;

    NodeProcess(Path root, Path dataDir, int port, int dataPorts, Path log) {
        this.root = root;
        this.dataDir = dataDir;
        this.port = port;
        this.dataPorts = dataPorts;
        this.log = log;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the child with {@code extraArgs} after the usual ones; does not wait for it to serve. */
    void start(List<String> extraArgs) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node process " + process.pid() + " is still running");
        }
        List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // A small, quick-starting JVM: this machine runs the test, its clients and the node on 2 cores.
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-cp", System.getProperty("java.class.path"),
            "dev.cage.cli.CageCommand", "server",
            "--root", root.toString(), "--port", String.valueOf(port), "--data-ports", String.valueOf(dataPorts),
            "--data-dir", dataDir.toString(),
            "-v")); // INFO lines: the recovery report
        cmd.addAll(extraArgs);
        Files.createDirectories(log.getParent());
        starts++;
        Files.writeString(log, System.lineSeparator() + "=== start " + starts + ": " + String.join(" ", extraArgs)
                + System.lineSeparator(), StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    }

    /**
     * Waits until the node accepts a login and answers a request; fails at once if the child exits meanwhile.
     *
     * @return how long it took, from this call
     */
    Duration awaitServing(Duration atMost) {
        long t0 = System.nanoTime();
        await("node on port " + port + " serving").atMost(atMost).pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(25)).until(this::serving);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private boolean serving() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("the node exited with status " + process.exitValue() + " before serving; see " + log);
        }
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

    /** SIGKILL (that is what {@link Process#destroyForcibly()} sends on Linux), then waits for the child to be gone. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("node process " + process.pid() + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    /** Waits up to {@code d} for the child to exit by itself; whether it did. */
    boolean waitFor(Duration d) throws InterruptedException {
        return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A clean stop: SIGTERM, which runs the node's shutdown (requests finish, last checkpoint), then waits. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("node process " + process.pid() + " did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    private void killNow() {
        Process p = process;
        if (p != null && p.isAlive()) {
            ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        killNow();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
