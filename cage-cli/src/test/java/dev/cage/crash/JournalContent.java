package dev.cage.crash;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a stopped node's journal says changed, in its order: each change of bytes (operation, path, offset, length,
 * size after) and of names (operation, path, second path, outcome). Not its sequence numbers, times or the notes of
 * its own sessions (open, close, session start and end, checkpoints): those are each member's own. Read straight from
 * the node's embedded H2 database, so the node must have stopped (its database is closed with it).
 */
final class JournalContent {
    private JournalContent() {
    }

    static List<String> of(Path dataDir) throws SQLException {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("journal") + ";IFEXISTS=TRUE";
        SortedMap<Long, String> bySeq = new TreeMap<>(); // the member's order of applying
        try (Connection c = DriverManager.getConnection(url, "cage", ""); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT SEQ, OP, PATH, FILE_OFFSET, DATA_LENGTH, NEW_SIZE"
                + " FROM CAGE_FILE_JOURNAL")) {
                while (r.next()) {
                    bySeq.put(r.getLong(1), String.format("%s %s at %d, %d bytes, size %d", r.getString(2),
                        r.getString(3), r.getLong(4), r.getLong(5), r.getLong(6)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT SEQ, OP, PATH, PATH2, OUTCOME FROM CAGE_NAMESPACE_JOURNAL"
                + " WHERE OP NOT IN ('SESSION_START', 'SESSION_END', 'OPEN', 'CLOSE', 'CHECKPOINT')")) {
                while (r.next()) {
                    bySeq.put(r.getLong(1), String.format("%s %s %s %s", r.getString(2), r.getString(3),
                        r.getString(4), r.getString(5)));
                }
            }
        }
        return List.copyOf(bySeq.values());
    }
}
