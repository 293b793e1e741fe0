package dev.cage.server.journal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * At open: writes the rows of the entries that are durable in the log but not in the database, because the node
 * stopped (crashed, or lost its database) between an entry's acknowledgement and its row's commit. The rows are
 * committed in log order but not forced, so the rows a crash loses need not be the newest: the log is scanned from
 * the last checkpoint's record (crash recovery redoes what follows it) and every entry without a row gets one.
 * Rows lost before that checkpoint stay lost to history queries; recovery does not need them.
 */
final class RowRebuild {
    private static final System.Logger LOG = System.getLogger(RowRebuild.class.getName());

    private RowRebuild() {
    }

    /**
     * What the scan found: the newest seq in the journal afterwards (0 if it is empty), and the latest change of a
     * group's log that the entries from the last checkpoint on record ({@code null} if none does).
     */
    record Found(long newestSeq, ChangeOrigin newestOrigin) {
    }

    /**
     * Rebuilds the missing rows, {@code batch} per transaction.
     *
     * @return the newest seq and the latest group change recorded
     * @throws JournalUnavailableException if the log cannot be read
     * @throws jakarta.persistence.PersistenceException if the database refuses the rows
     */
    static Found run(EntityManagerFactory emf, JournalLog log, int batch) {
        EntityManager em = emf.createEntityManager();
        try {
            long newestRow = Math.max(0, Math.max(max(em, "SELECT MAX(e.seq) FROM FileRecord e"),
                max(em, "SELECT MAX(e.seq) FROM NamespaceRecord e")));
            // The rows are committed in log order, but without waiting for the disk: after a kill the database may
            // keep a row and lose rows before it (seen with H2). Crash recovery redoes what follows the last
            // checkpoint, so every entry after it must have its row: scan from the checkpoint's record and write
            // the row of each entry the database lacks, not only of those after the newest row.
            Long cp = em.createQuery("SELECT MAX(e.seq) FROM NamespaceRecord e WHERE e.op = :op AND e.outcome = :ok",
                    Long.class).setParameter("op", NamespaceOp.CHECKPOINT).setParameter("ok", NamespaceRecord.OK)
                .getSingleResult();
            long checkpointSeq = cp == null ? 0 : cp;
            Long checkpointPos = checkpointSeq == 0 ? null : em.createQuery(
                    "SELECT e.entryPos FROM NamespaceRecord e WHERE e.seq = :s", Long.class)
                .setParameter("s", checkpointSeq).getSingleResult();
            Set<Long> have = new HashSet<>();
            have.add(checkpointSeq); // scanned too: it says which group change came last before it
            for (String entity : List.of("FileRecord", "NamespaceRecord")) {
                have.addAll(em.createQuery("SELECT e.seq FROM " + entity + " e WHERE e.seq > :s", Long.class)
                    .setParameter("s", checkpointSeq).getResultList());
            }
            List<JournalEntry> rows = new ArrayList<>();
            long[] newest = {newestRow};
            long[] rebuilt = {0};
            long[] holes = {0};
            ChangeOrigin[] origin = {null};
            log.replay(checkpointSeq - 1, checkpointPos, e -> {
                newest[0] = Math.max(newest[0], e.getSeq());
                origin[0] = ChangeOrigin.later(origin[0], e.getOrigin());
                if (have.contains(e.getSeq())) {
                    return;
                }
                if (e.getSeq() < newestRow) {
                    holes[0]++;
                }
                rows.add(e);
                if (rows.size() >= batch) {
                    rebuilt[0] += commit(em, rows);
                }
            });
            rebuilt[0] += commit(em, rows);
            if (rebuilt[0] > 0) {
                LOG.log(System.Logger.Level.INFO, "wrote the rows of {0} journal entries from the write-ahead log"
                    + " ({1} of them below the newest row {2}, up to seq {3}): the node had stopped before they"
                    + " reached the database", rebuilt[0], holes[0], newestRow, newest[0]);
            }
            return new Found(newest[0], origin[0]);
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
        RowInserts.write(em, rows);
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
