package dev.cage.server.journal;

import jakarta.persistence.EntityManager;

/** What the store does differently per database, chosen from the JDBC URL. */
enum Dialect {
    H2("org.h2.Driver", "org.eclipse.persistence.platform.database.H2Platform") {
        /**
         * An H2 commit reaches the file (with {@code WRITE_DELAY=0}) but not the disk: H2 never forces the file on
         * commit. {@code CHECKPOINT SYNC} does, once per batch.
         */
        @Override
        void forceToDisk(EntityManager em) {
            em.getTransaction().begin();
            em.createNativeQuery("CHECKPOINT SYNC").executeUpdate();
            em.getTransaction().commit();
        }
    },
    /** Commits are durable with PostgreSQL's defaults ({@code fsync}, {@code synchronous_commit}). */
    POSTGRESQL("org.postgresql.Driver", "org.eclipse.persistence.platform.database.PostgreSQLPlatform"),
    /** Any other database: EclipseLink detects the platform, the driver is found by {@code DriverManager}. */
    OTHER(null, null);

    private final String driver;
    private final String platform;

    Dialect(String driver, String platform) {
        this.driver = driver;
        this.platform = platform;
    }

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : OTHER;
    }

    /** The JDBC driver class, or {@code null} to let {@code DriverManager} find it. */
    String driver() {
        return driver;
    }

    /** EclipseLink's platform class (the class name: EclipseLink does not accept {@code H2} here). */
    String platform() {
        return platform;
    }

    /** Makes what has been committed survive a power failure, if a commit alone does not. */
    void forceToDisk(EntityManager em) {
    }
}
