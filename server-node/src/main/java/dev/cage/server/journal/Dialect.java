package dev.cage.server.journal;

import jakarta.persistence.EntityManager;

/** What the store does differently per database, chosen from the JDBC URL. */
enum Dialect {
    H2("org.h2.Driver", "org.eclipse.persistence.platform.database.H2Platform") {
        /**
         * An H2 commit reaches the file within H2's write delay but never the disk: H2 does not force the file.
         * {@code CHECKPOINT SYNC} writes and forces it.
         */
        @Override
        void forceToDisk(EntityManager em) {
            em.getTransaction().begin();
            em.createNativeQuery("CHECKPOINT SYNC").executeUpdate();
            em.getTransaction().commit();
        }
    },
    /** Commits are durable with PostgreSQL's defaults ({@code fsync}, {@code synchronous_commit}). */
    POSTGRESQL("org.postgresql.Driver", "org.eclipse.persistence.platform.database.PostgreSQLPlatform") {
        /** This transaction's commit returns before its WAL is flushed (still atomic, and flushed soon after). */
        @Override
        void commitWithoutWaitingForDisk(EntityManager em) {
            em.createNativeQuery("SET LOCAL synchronous_commit TO OFF").executeUpdate();
        }
    },
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

    /**
     * Lets the transaction in progress commit without waiting for the disk, where the database can: for rows whose
     * entries are durable elsewhere (the write-ahead log rebuilds what a crash loses).
     */
    void commitWithoutWaitingForDisk(EntityManager em) {
    }
}
