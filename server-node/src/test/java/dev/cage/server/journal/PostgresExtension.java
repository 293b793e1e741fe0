package dev.cage.server.journal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for the tests, started from the binaries on Maven Central (zonky). As root, zonky runs the
 * server through {@code unshare -U}, which PostgreSQL accepts (it refuses to run as uid 0).
 *
 * <p>Register it with {@code @RegisterExtension}: in a {@code static} field it is one server for the test class, in an
 * instance field one server per test. {@link #newJournal} gives each test a database of its own.
 *
 * <p>A test may {@link #stop()} the server under the code it tests and {@link #start()} it again: same port, same
 * data directory, so what was committed before is still there. A class-wide server that a test left stopped is started
 * again after that test, so the next one finds it running.
 *
 * <p>Threads: the test thread only.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
    private final AtomicInteger databases = new AtomicInteger();
    private Path dataDir;
    private int port;
    private EmbeddedPostgres postgres;
    /** Started in {@link #beforeAll}: the class's server, stopped in {@link #afterAll}; else the test's. */
    private boolean perClass;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = true;
        create();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (dataDir == null) {
            create();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            destroy();
        } else if (postgres == null) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        destroy();
    }

    /** A journal on a database of its own, named {@code prefix} and a number. */
    public JournalConfig newJournal(String prefix) throws SQLException {
        String name = prefix + databases.incrementAndGet();
        try (Connection c = running().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return JournalConfig.of(running().getJdbcUrl("postgres", name), "postgres", "");
    }

    /** The server's port; it keeps it across {@link #stop()} and {@link #start()}. */
    public int port() {
        return port;
    }

    /** A clean, fast shutdown of the server ({@code pg_ctl stop}); its data stays for {@link #start()}. */
    public void stop() throws IOException {
        if (postgres != null) {
            EmbeddedPostgres p = postgres;
            postgres = null;
            p.close();
        }
    }

    /** Starts the stopped server again, on the same port and data directory. */
    public void start() throws IOException {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL already runs on port " + port);
        }
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
            .start();
    }

    private void create() throws IOException {
        dataDir = Files.createTempDirectory("cage-postgres");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start();
        port = postgres.getPort();
    }

    private void destroy() throws IOException {
        try {
            stop();
        } finally {
            if (dataDir != null) {
                deleteRecursively(dataDir);
                dataDir = null;
            }
        }
    }

    private EmbeddedPostgres running() {
        if (postgres == null) {
            throw new IllegalStateException(dataDir == null
                ? "PostgreSQL is not started: register PostgresExtension with @RegisterExtension"
                : "PostgreSQL on port " + port + " is stopped");
        }
        return postgres;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
