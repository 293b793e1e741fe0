package dev.cage.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code java} child process that a test started (or adopted from an earlier run by its PID), with its output in one
 * log file. The process mechanics the tests share: the command ({@code java} from {@code java.home}, JVM options,
 * system properties, a class path and main class or {@code -jar}), the environment, output appended to a log, bounded
 * waits (for ports, a log line, any condition, or the exit), and ending it by its own PID: {@link #kill()} (SIGKILL),
 * {@link #terminate} (SIGTERM) or {@link #stop()} (SIGTERM, then SIGKILL), each waiting a bounded time for the process
 * to be gone.
 *
 * <p>The child does not outlive the JVM that started it: until it is seen gone, a shutdown hook {@link #stop()}s it.
 *
 * <p>JDK only: cage-it packages this class into its test WARs, where it runs inside Payara Micro.
 *
 * <p>Threads: one thread owns it at a time (wrappers that share it synchronize); the log readers only read the file.
 */
public final class ChildJvm implements AutoCloseable {
    /** How long {@link #stop()} lets SIGTERM work before it sends SIGKILL, unless the builder says otherwise. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How long a process may take to disappear after SIGKILL before that counts as a failure. */
    public static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(25);

    private final String name;
    private final Process process; // null if adopted
    private final ProcessHandle handle;
    private final Path log;
    private final Duration stopTimeout;
    private final Thread reaper;

    private ChildJvm(String name, Process process, ProcessHandle handle, Path log, Duration stopTimeout) {
        this.name = name;
        this.process = process;
        this.handle = handle;
        this.log = log;
        this.stopTimeout = stopTimeout;
        this.reaper = new Thread(this::stopQuietly, "stop-" + name + "-" + handle.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** A child named {@code name} (for messages and the log) to be configured and {@link Builder#start() started}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Takes charge of a process an earlier run started (found by its PID file): it is ended through this object and
     * at JVM exit like a child started here, but its exit value is unknown.
     */
    public static ChildJvm adopt(String name, ProcessHandle process, Path log) {
        return new ChildJvm(name, null, process, log, DEFAULT_STOP_TIMEOUT);
    }

    /** {@code <java.home>/bin/java}: the same Java as this JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Whether something accepts a TCP connection on {@code 127.0.0.1:port} (within 200 ms). */
    public static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Appends {@code line}, prefixed with the time, to {@code log} (creating its folder), e.g. a start marker. */
    public static void appendLine(Path log, String line) throws IOException {
        if (log.getParent() != null) {
            Files.createDirectories(log.getParent());
        }
        Files.writeString(log, java.time.Instant.now() + " " + line + System.lineSeparator(), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    public ProcessHandle handle() {
        return handle;
    }

    /** The log file (both output streams, unless the builder piped standard output); null if none. */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /** The exit value; the process must have ended and must have been started here, not adopted. */
    public int exitValue() {
        if (process == null) {
            throw new IllegalStateException(this + " was adopted: its exit value is unknown");
        }
        return process.exitValue();
    }

    /** Its standard input; only if the builder {@linkplain Builder#pipeStdio() piped} it. */
    public OutputStream stdin() {
        return requireStarted().getOutputStream();
    }

    /** Its standard output; only if the builder {@linkplain Builder#pipeStdio() piped} it. */
    public InputStream stdout() {
        return requireStarted().getInputStream();
    }

    /** Fails (with the end of its log) if the process has ended; for use inside waits. */
    public void requireAlive() {
        if (!handle.isAlive()) {
            throw new IllegalStateException(this + " exited" + (process == null ? "" : " with " + process.exitValue())
                + (log == null ? "" : "; last lines of " + log + ":\n" + logTail(40)));
        }
    }

    /** The whole log, or "" if there is none yet. */
    public String readLog() {
        try {
            return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public boolean logContains(String text) {
        return readLog().contains(text);
    }

    public String logTail(int lines) {
        List<String> all = readLog().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Appends a marker line to the log (see {@link #appendLine}). */
    public void note(String line) throws IOException {
        appendLine(Objects.requireNonNull(log, "no log"), line);
    }

    /** A condition polled by {@link #awaitUntil}; an exception it throws ends the wait. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Polls {@code condition} every 25 ms until it holds; fails at once if the process ends meanwhile, or after
     * {@code atMost}. Between polls it waits for the process's exit, not a fixed sleep.
     *
     * @return how long it took
     * @throws IllegalStateException if the process ended, or the condition did not hold within {@code atMost} (the
     *     message names {@code what} and the end of the log)
     */
    public Duration awaitUntil(String what, Duration atMost, Condition condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        while (true) {
            requireAlive();
            boolean holds;
            try {
                holds = condition.holds();
            } catch (InterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("waiting for " + what + " of " + this + ": " + e, e);
            }
            if (holds) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(this + ": no " + what + " within " + atMost
                    + (log == null ? "" : "; last lines of " + log + ":\n" + logTail(40)));
            }
            waitForExit(Math.min(left, POLL.toNanos()));
        }
    }

    /** Waits until every one of {@code ports} on 127.0.0.1 accepts a connection (see {@link #awaitUntil}). */
    public Duration awaitPorts(Duration atMost, int... ports) throws InterruptedException {
        return awaitUntil("connection accepted on port(s) " + Arrays.toString(ports), atMost,
            () -> Arrays.stream(ports).allMatch(ChildJvm::accepts));
    }

    /** Waits until the log contains {@code text} (see {@link #awaitUntil}). */
    public Duration awaitLog(String text, Duration atMost) throws InterruptedException {
        return awaitUntil("\"" + text + "\" in its log", atMost, () -> logContains(text));
    }

    /** Waits up to {@code atMost} for the process to end by itself; whether it did. */
    public boolean waitFor(Duration atMost) throws InterruptedException {
        boolean ended = waitForExit(atMost.toNanos());
        if (ended) {
            unhook();
        }
        return ended;
    }

    /** SIGKILL (what {@link Process#destroyForcibly()} sends on Linux), then waits until the process is gone. */
    public void kill() throws InterruptedException {
        handle.destroyForcibly();
        if (!waitForExit(KILL_TIMEOUT.toNanos())) {
            throw new IllegalStateException(this + " still runs " + KILL_TIMEOUT + " after SIGKILL");
        }
        unhook();
    }

    /** SIGTERM (a clean stop: shutdown hooks run), then waits up to {@code atMost}; whether it ended. */
    public boolean terminate(Duration atMost) throws InterruptedException {
        if (handle.isAlive()) {
            handle.destroy();
        }
        return waitFor(atMost);
    }

    /** SIGTERM; SIGKILL if it still runs after the stop timeout. Does nothing if it has ended already. */
    public void stop() throws InterruptedException {
        if (!terminate(stopTimeout)) {
            kill();
        }
    }

    /** SIGKILL if it still runs; for try-with-resources and {@code @AfterEach}, where nothing must be left running. */
    @Override
    public void close() throws InterruptedException {
        if (handle.isAlive()) {
            kill();
        }
        unhook();
    }

    @Override
    public String toString() {
        return name + " (PID " + handle.pid() + ")";
    }

    /** Waits up to {@code nanos} for the exit; whether the process has ended. */
    private boolean waitForExit(long nanos) throws InterruptedException {
        if (process != null) {
            return process.waitFor(nanos, TimeUnit.NANOSECONDS);
        }
        try {
            handle.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private Process requireStarted() {
        if (process == null) {
            throw new IllegalStateException(this + " was adopted: its streams are not this JVM's");
        }
        return process;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // JVM shutdown: nobody is left to tell
        }
    }

    private void unhook() {
        if (Thread.currentThread() == reaper) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** What to start; {@link #start()} starts it. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> unsetEnv = new ArrayList<>();
        private String classPath;
        private String mainClass;
        private Path jar;
        private Path directory;
        private Path log;
        private String logHeader;
        private boolean pipeStdio;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** Options before the class path or jar, e.g. {@code -Xmx256m}. */
        public Builder jvmOptions(String... options) {
            return jvmOptions(List.of(options));
        }

        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /** {@code -Dname=value}. */
        public Builder systemProperty(String propertyName, String value) {
            systemProperties.put(propertyName, value);
            return this;
        }

        /** Runs {@code mainClass} from {@code classPath}. */
        public Builder mainClass(String classPath, String mainClass) {
            this.classPath = Objects.requireNonNull(classPath);
            this.mainClass = Objects.requireNonNull(mainClass);
            this.jar = null;
            return this;
        }

        /** Runs {@code mainClass} from this JVM's class path ({@code java.class.path}), e.g. a test's own. */
        public Builder mainClass(Class<?> mainClass) {
            return mainClass(System.getProperty("java.class.path"), mainClass.getName());
        }

        /** {@code -jar jar}. */
        public Builder jar(Path jar) {
            this.jar = Objects.requireNonNull(jar);
            this.classPath = null;
            this.mainClass = null;
            return this;
        }

        /** Arguments after the main class or jar. */
        public Builder args(String... arguments) {
            return args(List.of(arguments));
        }

        public Builder args(List<String> arguments) {
            args.addAll(arguments);
            return this;
        }

        /** Environment variables added to this JVM's (secrets go here, not on the command line, where ps shows it). */
        public Builder env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** Leaves {@code variable} of this JVM's environment out of the child's. */
        public Builder unsetEnv(String variable) {
            unsetEnv.add(variable);
            return this;
        }

        /** The working directory (default: this JVM's). */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /**
         * Appends the child's output to {@code file} (creating its folder): both streams, or only standard error with
         * {@link #pipeStdio()}. Restarts that name the same file add to it.
         */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** A line written to the log (prefixed with the time) before the start, e.g. {@code === start 2}. */
        public Builder logHeader(String line) {
            this.logHeader = line;
            return this;
        }

        /** Standard input and output stay pipes to this JVM ({@link #stdin()}, {@link #stdout()}); else input is empty. */
        public Builder pipeStdio() {
            this.pipeStdio = true;
            return this;
        }

        /** How long {@link ChildJvm#stop()} (and the shutdown hook) waits after SIGTERM before SIGKILL. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** The command line {@link #start()} runs. */
        public List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmOptions);
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toString());
            } else if (mainClass != null) {
                command.add("-cp");
                command.add(classPath);
                command.add(mainClass);
            } else {
                throw new IllegalStateException(name + ": neither a main class nor a jar to run");
            }
            command.addAll(args);
            return command;
        }

        public ChildJvm start() throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            unsetEnv.forEach(builder.environment()::remove);
            builder.environment().putAll(env);
            if (log != null) {
                if (log.getParent() != null) {
                    Files.createDirectories(log.getParent());
                }
                if (logHeader != null) {
                    appendLine(log, logHeader);
                }
            }
            ProcessBuilder.Redirect toLog = log == null ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.appendTo(log.toFile());
            if (pipeStdio) {
                builder.redirectError(toLog);
            } else {
                builder.redirectErrorStream(true).redirectOutput(toLog)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IOException(name + ": could not start " + builder.command(), e);
            }
            return new ChildJvm(name, process, process.toHandle(), log, stopTimeout);
        }
    }
}
