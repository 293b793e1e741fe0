package dev.cage.server;

import dev.cage.server.journal.JournalConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Write-ahead journaling and recovery at start, with the journal on a real PostgreSQL. */
class PostgresJournaledNodeTest extends JournaledNodeTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private String database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    /** One database per test, made on first use and kept for that test's restarts. */
    @Override
    JournalConfig journalConfig() throws Exception {
        if (database == null) {
            database = "node" + DATABASES.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
        }
        return JournalConfig.of(postgres.getJdbcUrl("postgres", database), "postgres", "");
    }
}
