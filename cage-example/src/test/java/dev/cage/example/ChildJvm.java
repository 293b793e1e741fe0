package dev.cage.example;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code java} child process that a test started, with its output in one log file. It is ended only through this
 * object, by its own PID: {@link #kill()} (SIGKILL) or {@link #stop()} (SIGTERM, then SIGKILL), each waiting a bounded
 * time for the process to be gone.
 *
 * <p>Threads: the test thread owns it; {@link #logContains} and {@link #logTail} only read the file.
 */
final class ChildJvm {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java <args>} in {@code dir} with output (both streams) to {@code log}.
     *
     * @param env variables added to this JVM's environment (secrets go here, not on the command line)
     */
    static ChildJvm start(String name, List<String> args, Map<String, String> env, Path dir, Path log)
        throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        return new ChildJvm(name, builder.start(), log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails (for Awaitility to stop waiting) if the process has ended. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " (PID " + pid() + ") exited with " + process.exitValue()
                + "; last lines of " + log + ":\n" + logTail(40));
        }
    }

    boolean logContains(String text) {
        return readLog().contains(text);
    }

    String readLog() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    String logTail(int lines) {
        List<String> all = readLog().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " (PID " + pid() + ") still runs " + KILL_TIMEOUT
                + " after SIGKILL");
        }
    }

    /** SIGTERM; SIGKILL if it still runs after 30 s. Does nothing if it has ended already. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }
}
