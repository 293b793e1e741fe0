package dev.cage.web.api;

import dev.cage.api.JournalEntryInfo;
import java.time.Instant;
import java.util.Set;

/** One journal entry as the console shows it: who did what, when, to which byte range (no data bytes). */
public record HistoryEntry(long seq, Instant time, long sessionId, String user, String op, String path, String path2,
                           String outcome, long offset, long length, long oldSize, long newSize) {

    static HistoryEntry of(JournalEntryInfo e) {
        return new HistoryEntry(e.seq(), e.time(), e.sessionId(), e.user(), e.op(), e.path(), e.path2(), e.outcome(),
            e.offset(), e.length(), e.oldSize(), e.newSize());
    }

    private static final Set<String> CHANGES = Set.of("WRITE", "TRUNCATE", "CREATE", "RENAME", "REMOVE", "MKDIR", "RMDIR");

    /** Whether a rollback past this entry has something to undo: a change of bytes or names that succeeded. */
    boolean isChange() {
        return CHANGES.contains(op) && (outcome == null || outcome.equals("OK"));
    }

    /** Whether this entry is about {@code path} itself or, with {@code subtree}, about anything under it. */
    boolean concerns(String path, boolean subtree) {
        return touches(this.path, path, subtree) || (path2 != null && touches(path2, path, subtree));
    }

    private static boolean touches(String entryPath, String path, boolean subtree) {
        String p = strip(path);
        String e = strip(entryPath);
        return e.equals(p) || (subtree && (p.isEmpty() || e.startsWith(p + "/")));
    }

    private static String strip(String path) {
        String s = path == null ? "" : path;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
