package dev.cage.server.journal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * Builds the journal's {@link EntityManagerFactory} from a {@link JournalConfig}.
 *
 * <p>The unit is described in {@value #DESCRIPTOR} rather than {@code META-INF/persistence.xml}: an application
 * server scans every jar of an application for the standard name and would try to deploy this RESOURCE_LOCAL
 * unit when a node is hosted in one. The node creates and extends its own tables.
 */
final class JournalPersistence {
    static final String UNIT = "cage-journal";
    static final String DESCRIPTOR = "META-INF/cage-journal-persistence.xml";
    /** Each open store gets its own EclipseLink session, even for the same URL. */
    private static final AtomicLong SESSIONS = new AtomicLong();

    private JournalPersistence() {
    }

    /**
     * Creates the factory and makes sure the database answers: EclipseLink connects, creates missing tables,
     * columns and the sequence, and one query runs.
     *
     * @throws JournalUnavailableException if the database cannot be reached, refuses the login or is corrupt
     */
    static EntityManagerFactory open(JournalConfig config, Dialect dialect) {
        EntityManagerFactory emf;
        try {
            emf = new PersistenceProvider().createEntityManagerFactory(UNIT, properties(config, dialect));
        } catch (PersistenceException e) {
            throw unavailable(config, e);
        }
        if (emf == null) {
            throw new JournalUnavailableException("EclipseLink found no persistence unit " + UNIT + " in " + DESCRIPTOR);
        }
        try {
            EntityManager em = emf.createEntityManager();
            try {
                em.createQuery("SELECT COUNT(e) FROM NamespaceRecord e WHERE e.seq < 0").getSingleResult();
            } finally {
                em.close();
            }
            return emf;
        } catch (RuntimeException e) {
            emf.close();
            throw unavailable(config, e);
        }
    }

    private static JournalUnavailableException unavailable(JournalConfig config, RuntimeException e) {
        return new JournalUnavailableException("cannot open the journal database " + config.url() + ": "
            + rootMessage(e), e);
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.strip();
    }

    private static Map<String, Object> properties(JournalConfig config, Dialect dialect) {
        Map<String, Object> p = new HashMap<>();
        p.put(PersistenceUnitProperties.ECLIPSELINK_PERSISTENCE_XML, DESCRIPTOR);
        p.put(PersistenceUnitProperties.SESSION_NAME, UNIT + "-" + SESSIONS.incrementAndGet());
        p.put(PersistenceUnitProperties.TRANSACTION_TYPE, "RESOURCE_LOCAL");
        p.put(PersistenceUnitProperties.JDBC_URL, config.url());
        p.put(PersistenceUnitProperties.JDBC_USER, config.user());
        p.put(PersistenceUnitProperties.JDBC_PASSWORD, config.password());
        if (dialect.driver() != null) {
            p.put(PersistenceUnitProperties.JDBC_DRIVER, dialect.driver());
        }
        if (dialect.platform() != null) {
            p.put(PersistenceUnitProperties.TARGET_DATABASE, dialect.platform());
        }
        p.put(PersistenceUnitProperties.DDL_GENERATION, PersistenceUnitProperties.CREATE_OR_EXTEND);
        p.put(PersistenceUnitProperties.DDL_GENERATION_MODE, PersistenceUnitProperties.DDL_DATABASE_GENERATION);
        // Inserts go to the database in JDBC batches; this needs sequence ids (identity columns cannot batch).
        p.put(PersistenceUnitProperties.BATCH_WRITING, "JDBC");
        p.put(PersistenceUnitProperties.BATCH_WRITING_SIZE, Integer.toString(config.maxBatchRecords()));
        // Blocks of seq numbers are taken in their own transaction, so a rolled-back batch cannot hand its block out
        // again and the generator row is not locked for the length of a batch.
        p.put(PersistenceUnitProperties.JDBC_SEQUENCE_CONNECTION_POOL, "true");
        // Entries are written once and read rarely; a shared cache would only hold on to their blobs.
        p.put(PersistenceUnitProperties.CACHE_SHARED_DEFAULT, "false");
        // No agent in a plain JVM; without weaving the blobs load with their entry, which is what readers want.
        p.put(PersistenceUnitProperties.WEAVING, "false");
        p.put(PersistenceUnitProperties.DEPLOY_ON_STARTUP, "true");
        // EclipseLink retries a failed read or begin three times, five seconds apart; the committer has its own
        // retry, and an append must fail promptly when the database is gone.
        p.put(PersistenceUnitProperties.SESSION_CUSTOMIZER, (SessionCustomizer) session -> {
            DatabaseLogin login = (DatabaseLogin) session.getDatasourceLogin();
            login.setQueryRetryAttemptCount(0);
            login.setDelayBetweenConnectionAttempts(0);
        });
        // The node logs through java.util.logging; EclipseLink's own console logger would bypass its format.
        p.put(PersistenceUnitProperties.LOGGING_LOGGER, "JavaLogger");
        p.put(PersistenceUnitProperties.LOGGING_LEVEL, "WARNING");
        return p;
    }
}
