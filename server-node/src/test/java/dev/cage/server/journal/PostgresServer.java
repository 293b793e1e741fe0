package dev.cage.server.journal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for one test class, started from the binaries on Maven Central (zonky), handing out a new
 * database per journal. As root, zonky runs the server through {@code unshare -U}, which PostgreSQL accepts (it
 * refuses to run as uid 0).
 */
public final class PostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresServer start() throws IOException {
        return new PostgresServer(EmbeddedPostgres.builder().start());
    }

    /** A journal on a database of its own, named {@code prefix} and a number. */
    public JournalConfig newJournal(String prefix) throws SQLException {
        String name = prefix + databases.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return JournalConfig.of(postgres.getJdbcUrl("postgres", name), "postgres", "");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
