package dev.cage.server.journal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * At open: writes the rows of the entries that are durable in the log but not in the database, because the node
 * stopped (crashed, or lost its database) between an entry's acknowledgement and its row's commit. The rows are
 * committed in log order, so the database always holds a prefix of the log's entries: the missing ones are those
 * with a seq above the newest row's, found by scanning from that row's record.
 */
final class RowRebuild {
    private static final System.Logger LOG = System.getLogger(RowRebuild.class.getName());

    private RowRebuild() {
    }

    /**
     * Rebuilds the missing rows, {@code batch} per transaction.
     *
     * @return the newest seq in the journal afterwards (0 if it is empty)
     * @throws JournalUnavailableException if the log cannot be read
     * @throws jakarta.persistence.PersistenceException if the database refuses the rows
     */
    static long run(EntityManagerFactory emf, JournalLog log, int batch) {
        EntityManager em = emf.createEntityManager();
        try {
            long newestRow = Math.max(0, Math.max(max(em, "SELECT MAX(e.seq) FROM FileRecord e"),
                max(em, "SELECT MAX(e.seq) FROM NamespaceRecord e")));
            long newestPos = Math.max(max(em, "SELECT MAX(e.entryPos) FROM FileRecord e"),
                max(em, "SELECT MAX(e.entryPos) FROM NamespaceRecord e"));
            List<JournalEntry> rows = new ArrayList<>();
            long[] newest = {newestRow};
            long[] rebuilt = {0};
            log.replay(newestRow, newestPos < 0 ? null : newestPos, e -> {
                rows.add(e);
                newest[0] = e.getSeq();
                if (rows.size() >= batch) {
                    rebuilt[0] += commit(em, rows);
                }
            });
            rebuilt[0] += commit(em, rows);
            if (rebuilt[0] > 0) {
                LOG.log(System.Logger.Level.INFO, "wrote the rows of {0} journal entries from the write-ahead log"
                    + " (seq {1} to {2}): the node had stopped before they reached the database", rebuilt[0],
                    newestRow + 1, newest[0]);
            }
            return newest[0];
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private static int commit(EntityManager em, List<JournalEntry> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        em.getTransaction().begin();
        for (JournalEntry e : rows) {
            GroupCommitter.writeRow(em, e);
        }
        em.getTransaction().commit();
        em.clear();
        int n = rows.size();
        rows.clear();
        return n;
    }

    /** A MAX query's value, or -1 for none. */
    private static long max(EntityManager em, String jpql) {
        Object max = em.createQuery(jpql).getSingleResult();
        return max == null ? -1 : ((Number) max).longValue();
    }
}
