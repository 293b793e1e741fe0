package dev.cage.server.journal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Walks both journal tables in one seq order, a page at a time, so a query over millions of entries holds at most
 * two pages in memory.
 *
 * <p>Keyset paging: each round fetches the next {@code pageSize} entries of each table after the cursor. If a
 * table's page came back full, entries of that table beyond its last seq were not fetched, so only entries up to
 * the smaller of the full pages' last seqs are certain to be complete and in order; those are handed out, and the
 * cursor moves there. Every round hands out at least one full page.
 */
final class EntryPager {
    private final EntityManagerFactory emf;
    private final int pageSize;

    EntryPager(EntityManagerFactory emf, int pageSize) {
        this.emf = emf;
        this.pageSize = pageSize;
    }

    /**
     * A condition on entries, as JPQL over the alias {@code e}, one per table, with their parameters.
     * {@code ""} means no condition.
     */
    record Filter(String namespaceWhere, String fileWhere, Map<String, Object> parameters) {
        static final Filter ALL = new Filter("", "", Map.of());

        static Filter both(String where, Map<String, Object> parameters) {
            return new Filter(where, where, parameters);
        }
    }

    /** Hands every entry matching {@code filter} with seq beyond {@code cursor} to {@code sink}, in seq order. */
    void forEach(Filter filter, boolean ascending, long cursor, Consumer<? super JournalEntry> sink) {
        while (true) {
            List<NamespaceRecord> ns;
            List<FileRecord> files;
            EntityManager em = emf.createEntityManager();
            try {
                ns = page(em, NamespaceRecord.class, filter.namespaceWhere(), filter, ascending, cursor);
                files = page(em, FileRecord.class, filter.fileWhere(), filter, ascending, cursor);
            } finally {
                em.close();
            }
            long bound = ascending ? Long.MAX_VALUE : Long.MIN_VALUE;
            if (ns.size() == pageSize) {
                bound = ascending ? Math.min(bound, last(ns)) : Math.max(bound, last(ns));
            }
            if (files.size() == pageSize) {
                bound = ascending ? Math.min(bound, last(files)) : Math.max(bound, last(files));
            }
            merge(ns, files, ascending, bound, sink);
            if (ns.size() < pageSize && files.size() < pageSize) {
                return;
            }
            cursor = bound;
        }
    }

    private <T extends JournalEntry> List<T> page(EntityManager em, Class<T> type, String where, Filter filter,
                                                  boolean ascending, long cursor) {
        String jpql = "SELECT e FROM " + type.getSimpleName() + " e WHERE e.seq " + (ascending ? ">" : "<")
            + " :cursor" + (where.isEmpty() ? "" : " AND (" + where + ")")
            + " ORDER BY e.seq " + (ascending ? "ASC" : "DESC");
        TypedQuery<T> q = em.createQuery(jpql, type).setParameter("cursor", cursor).setMaxResults(pageSize);
        filter.parameters().forEach((name, value) -> {
            if (Pattern.compile(":" + name + "\\b").matcher(jpql).find()) {
                q.setParameter(name, value);
            }
        });
        return q.getResultList();
    }

    private static void merge(List<NamespaceRecord> ns, List<FileRecord> files, boolean ascending, long bound,
                              Consumer<? super JournalEntry> sink) {
        int i = 0;
        int j = 0;
        while (i < ns.size() || j < files.size()) {
            JournalEntry next;
            if (j == files.size() || i < ns.size() && before(ns.get(i), files.get(j), ascending)) {
                next = ns.get(i++);
            } else {
                next = files.get(j++);
            }
            if (ascending ? next.getSeq() > bound : next.getSeq() < bound) {
                break;
            }
            sink.accept(next);
        }
    }

    private static boolean before(JournalEntry a, JournalEntry b, boolean ascending) {
        return ascending ? a.getSeq() < b.getSeq() : a.getSeq() > b.getSeq();
    }

    private static long last(List<? extends JournalEntry> page) {
        return page.get(page.size() - 1).getSeq();
    }
}
