package dev.cage.server.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The one-row table that says how a journal's rows are to be read. Format 1 (no such row) kept the payloads in the
 * rows as LOBs; format 2 keeps them in the write-ahead log and the rows keep where. The schema generator would
 * happily add format 2's columns to a format 1 table, and its rows would then read as having no bytes; so a journal
 * with entries but no format row is refused at open instead (old journals are not migrated).
 */
@Entity
@Table(name = "CAGE_JOURNAL_FORMAT")
public class JournalFormat {
    /** The format this code writes and reads. */
    static final int CURRENT = 2;
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
                        + "; this node reads format " + CURRENT + " only");
                }
                return;
            }
            long entries = count(em, "NamespaceRecord") + count(em, "FileRecord") + count(em, "PreparedBranch");
            if (entries > 0) {
                throw new JournalUnavailableException("the journal at " + url + " holds " + entries + " entries written"
                    + " by an earlier Cage, which kept their bytes in the database (journal format 1); this node keeps"
                    + " them in the write-ahead log (format " + CURRENT + ") and does not migrate old journals: move the"
                    + " old journal aside (for the embedded one, journal.mv.db in the data directory) and start with"
                    + " an empty one");
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

    private static long count(EntityManager em, String entity) {
        return em.createQuery("SELECT COUNT(e) FROM " + entity + " e", Long.class).getSingleResult();
    }
}
