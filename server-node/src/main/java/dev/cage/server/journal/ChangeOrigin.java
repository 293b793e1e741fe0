package dev.cage.server.journal;

/**
 * Which change of a group's log a journal entry records, on a node that is a group member: the log entry's index,
 * the change's place among the changes travelling in that entry, and which of the change's journal entries this is
 * (a transaction's commit makes several). Kept in the entry's write-ahead log record, not in its row: after a kill
 * the member reads the newest one back ({@link JournalStore#newestOrigin()}) and resumes applying the group's log
 * right after it, so no change is journaled twice.
 *
 * <p>Ordered as the member applies: by index, then change, then entry.
 */
public record ChangeOrigin(long index, int change, int entry) implements Comparable<ChangeOrigin> {
    @Override
    public int compareTo(ChangeOrigin o) {
        int c = Long.compare(index, o.index);
        if (c == 0) {
            c = Integer.compare(change, o.change);
        }
        return c != 0 ? c : Integer.compare(entry, o.entry);
    }

    /** The later of two origins, either of which may be {@code null}. */
    static ChangeOrigin later(ChangeOrigin a, ChangeOrigin b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}
