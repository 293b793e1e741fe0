package dev.cage.it;

import dev.cage.testkit.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real Cage node ({@code java -jar cage.jar server}) as a child process of the JVM that uses it ({@link ChildJvm}),
 * for in-container tests: this class is packaged into the test WAR and runs inside Payara Micro (cage-it's pom copies
 * the cage-testkit jar into the test libraries the WARs include). The node serves
 * {@code <dir>/root} on {@code 127.0.0.1:<port>} (one data port, {@code port + 1}) with its default embedded H2
 * journal in {@code <dir>/data}, and admits one known user, who is also the one the post-boot command file gives the
 * connection pool.
 *
 * <p>Settings come from system properties that arquillian.xml passes to Payara ({@code -D...} in
 * {@code cmdOptions}), see {@link #fromSystemProperties()}.
 *
 * <p>Lifecycle: {@link #start()} is idempotent: it reuses a node that already serves the port (one this JVM started,
 * or one recorded in {@code <dir>/node.pid} by an earlier Payara boot); {@link #kill()} sends SIGKILL;
 * {@link #restart()} starts it again on the same port, root and data directory. The node never outlives this JVM
 * for long: {@link #stop()} ends it, and {@link ChildJvm}'s shutdown hook does the same when Payara stops (Arquillian
 * stops Payara with SIGTERM, which runs shutdown hooks).
 *
 * <p>Threads: every method is {@code synchronized}; the waits inside are bounded.
 */
public final class NodeProcess {
    /** The node's main port; its data port is the next one. */
    public static final String PORT_PROPERTY = "cage.it.nodePort";
    /** The shaded {@code cage-cli/target/cage.jar}. */
    public static final String JAR_PROPERTY = "cage.jar";
    /** The directory under {@code target/} for the node's root, data, log and pid file. */
    public static final String DIR_PROPERTY = "cage.it.dir";
    public static final String USER_PROPERTY = "cage.it.user";
    public static final String SECRET_PROPERTY = "cage.it.secret";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<Integer, NodeProcess> BY_PORT = new ConcurrentHashMap<>();

    private final Path jar;
    private final Path dir;
    private final int port;
    private final String user;
    private final String secret;
    private ChildJvm process;
    private boolean userAdded;

    private NodeProcess(Path jar, Path dir, int port, String user, String secret) {
        this.jar = jar;
        this.dir = dir;
        this.port = port;
        this.user = user;
        this.secret = secret;
    }

    /**
     * The node configured by the system properties ({@value #PORT_PROPERTY}, {@value #JAR_PROPERTY},
     * {@value #DIR_PROPERTY}, {@value #USER_PROPERTY}, {@value #SECRET_PROPERTY}); one object per port in this JVM.
     *
     * @throws IllegalStateException if a property is missing (the test does not run with arquillian.xml's settings)
     */
    public static NodeProcess fromSystemProperties() {
        int port = Integer.parseInt(required(PORT_PROPERTY));
        return BY_PORT.computeIfAbsent(port, p -> new NodeProcess(Path.of(required(JAR_PROPERTY)),
            Path.of(required(DIR_PROPERTY), "node"), p, required(USER_PROPERTY), required(SECRET_PROPERTY)));
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the test through cage-it's"
                + " failsafe configuration and the repository's arquillian.xml");
        }
        return value;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String secret() {
        return secret;
    }

    /** The directory the node serves. */
    public Path root() {
        return dir.resolve("root");
    }

    /** Where the node's output goes, across restarts. */
    public Path log() {
        return dir.resolve("node.log");
    }

    /**
     * Makes sure a node serves the port: reuses a running one, or starts one and waits until its ports accept.
     *
     * @throws IllegalStateException if the node exits or does not accept within 60 s (the message names its log)
     */
    public synchronized NodeProcess start() throws IOException, InterruptedException {
        if (process == null) {
            process = recordedProcess().orElse(null); // left by an earlier Payara boot in this build
        }
        if (process != null && process.isAlive()) {
            process.awaitPorts(START_TIMEOUT, port, port + 1);
            return this;
        }
        if (ChildJvm.accepts(port)) {
            throw new IllegalStateException("port " + port + " is taken by a process this test did not start");
        }
        if (!userAdded) {
            addUser();
            userAdded = true;
        }
        process = ChildJvm.builder("cage node on port " + port)
            .jvmOptions("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1").jar(jar)
            .args("server", "--root", root().toString(), "--port", String.valueOf(port), "--data-ports", "1",
                "--data-dir", dataDir().toString())
            .log(log()).logHeader("=== start: port " + port).stopTimeout(STOP_TIMEOUT).start();
        Files.writeString(pidFile(), Long.toString(process.pid()), StandardCharsets.UTF_8);
        process.awaitPorts(START_TIMEOUT, port, port + 1);
        process.note("=== serving: pid " + process.pid());
        return this;
    }

    /** SIGKILL, then waits until the process is gone; nothing of the node runs afterwards. */
    public synchronized void kill() throws IOException, InterruptedException {
        ChildJvm p = running();
        p.kill();
        deletePidFile();
        p.note("=== killed: pid " + p.pid());
    }

    /** Starts the node again (after {@link #kill()} or {@link #stop()}) on the same port, root and data. */
    public synchronized NodeProcess restart() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
        return start();
    }

    /** A clean stop (SIGTERM: the node finishes requests and checkpoints); SIGKILL if it takes over 30 s. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            process = recordedProcess().orElse(null);
        }
        if (process == null || !process.isAlive()) {
            return;
        }
        process.stop();
        deletePidFile();
    }

    private ChildJvm running() {
        if (process == null) {
            process = recordedProcess().orElse(null);
        }
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("no node runs on port " + port + "; call start() first");
        }
        return process;
    }

    /** The node recorded in the pid file, if that process still lives and is a java process. */
    private Optional<ChildJvm> recordedProcess() {
        try {
            if (!Files.exists(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile(), StandardCharsets.UTF_8).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(jar.toString())).orElse(true))
                .map(h -> ChildJvm.adopt("cage node on port " + port, h, log()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code cage user add} with the known secret, before the first start, so the node creates no random admin. */
    private void addUser() throws IOException, InterruptedException {
        Files.createDirectories(dataDir());
        Files.createDirectories(root());
        try (ChildJvm p = ChildJvm.builder("cage user add").jvmOptions("-XX:TieredStopAtLevel=1").jar(jar)
            .args("user", "add", user, "--admin", "--data-dir", dataDir().toString())
            .env("CAGE_NEW_SECRET", secret) // not on the command line, where ps would show it
            .log(log()).logHeader("=== user add " + user).start()) {
            if (!p.waitFor(START_TIMEOUT)) {
                throw new IllegalStateException("cage user add did not finish within " + START_TIMEOUT + "; see "
                    + log());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("cage user add exited with " + p.exitValue() + "; see " + log());
            }
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private Path pidFile() {
        return dir.resolve("node.pid");
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "cage node on 127.0.0.1:" + port + " serving " + root();
    }
}
