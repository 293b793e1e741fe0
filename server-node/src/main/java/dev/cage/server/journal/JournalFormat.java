package dev.cage.server.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The one-row table that says how a journal's rows are to be read. Format 1 (no such row) kept the payloads in the
 * rows as LOBs; format 2 kept them in write-ahead log records of their own; format 3 keeps each entry, with its
 * bytes, in one log record, the rows saying where. The schema generator would happily add a later format's columns
 * to an earlier format's table, and its rows would then read wrongly; so a journal of another format, or with
 * entries but no format row, is refused at open instead (old journals are not migrated).
 */
@Entity
@Table(name = "CAGE_JOURNAL_FORMAT")
public class JournalFormat {
    /** The format this code writes and reads. */
    static final int CURRENT = 3;
    private static final int ROW = 1;

    @Id
    @Column(name = "ID")
    private int id;

    @Column(name = "FORMAT_VERSION", nullable = false)
    private int version;

    /** For JPA. */
    protected JournalFormat() {
    }

    private JournalFormat(int version) {
        this.id = ROW;
        this.version = version;
    }

    /**
     * Stamps a fresh journal with the current format, or checks an existing one's.
     *
     * @throws JournalUnavailableException if the journal is of another format, or has entries and no format (one
     *                                     written before payloads moved to the log)
     */
    static void check(EntityManagerFactory emf, Dialect dialect, String url) {
        EntityManager em = emf.createEntityManager();
        try {
            JournalFormat found = em.find(JournalFormat.class, ROW);
            if (found != null) {
                if (found.version != CURRENT) {
                    throw new JournalUnavailableException("the journal at " + url + " is of format " + found.version
                        + "; this node reads format " + CURRENT + " only and does not migrate old journals: move the"
                        + " old journal aside (for the embedded one, journal.mv.db and the wal directory in the data"
                        + " directory) and start with an empty one");
                }
                return;
            }
            long entries = count(em, "NamespaceRecord") + count(em, "FileRecord") + count(em, "PreparedBranch");
            if (entries > 0) {
                throw earlier(url, entries);
            }
            em.getTransaction().begin();
            em.persist(new JournalFormat(CURRENT));
            em.getTransaction().commit();
            dialect.forceToDisk(em);
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /**
     * Before the schema generator runs: refuses a journal whose entry tables have rows but that has no format table
     * at all (written before payloads moved to the log), so that a refused open does not first add this format's
     * columns to it. Over plain JDBC; if the database cannot be asked, says nothing and leaves the error to the
     * open that follows.
     *
     * @throws JournalUnavailableException for such a journal
     */
    static void refuseEarlierFormat(JournalConfig config, Dialect dialect) {
        try {
            if (dialect.driver() != null) {
                Class.forName(dialect.driver());
            }
        } catch (ClassNotFoundException e) {
            return;
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.url(), config.user(),
                 config.password())) {
            c.setAutoCommit(true); // a failed probe must not abort the others (PostgreSQL)
            if (rows(c, "CAGE_JOURNAL_FORMAT") >= 0) {
                return; // a journal of this code's making: check() reads the row
            }
            long entries = Math.max(0, rows(c, "CAGE_NAMESPACE_JOURNAL")) + Math.max(0, rows(c, "CAGE_FILE_JOURNAL"))
                + Math.max(0, rows(c, "CAGE_TX_BRANCH"));
            if (entries > 0) {
                throw earlier(config.url(), entries);
            }
        } catch (java.sql.SQLException e) {
            // unreachable or refusing: the open that follows reports it
        }
    }

    /** Rows in {@code table}, or -1 if there is no such table. */
    private static long rows(java.sql.Connection c, String table) {
        try (java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private static JournalUnavailableException earlier(String url, long entries) {
        return new JournalUnavailableException("the journal at " + url + " holds " + entries + " entries written"
            + " by an earlier Cage, which kept their bytes in the database (journal format 1); this node keeps"
            + " them in the write-ahead log (format " + CURRENT + ") and does not migrate old journals: move the"
            + " old journal aside (for the embedded one, journal.mv.db in the data directory) and start with"
            + " an empty one");
    }

    private static long count(EntityManager em, String entity) {
        return em.createQuery("SELECT COUNT(e) FROM " + entity + " e", Long.class).getSingleResult();
    }
}
