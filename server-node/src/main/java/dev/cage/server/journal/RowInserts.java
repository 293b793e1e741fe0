package dev.cage.server.journal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Writes journal rows as plain JDBC batch inserts on the connection of the entity manager's transaction.
 *
 * <p>Why not {@code em.persist}: the rows are written once and never changed, yet EclipseLink's unit of work (clone,
 * change set, commit order) cost about 40 % of the row writer's CPU at 64 writing sessions, as much as H2's inserts
 * themselves. JPA still owns these tables: it maps the entities (the column names below are theirs), creates the
 * tables and answers every query. {@code JournalStoreContract}'s round trip compares every field written here with
 * what JPA reads back, so a column added to an entity and not here fails there.
 */
final class RowInserts {
    private static final String FILE_ROW = "INSERT INTO CAGE_FILE_JOURNAL (SEQ, ENTRY_POS, TIME_US, SESSION_ID, PATH,"
        + " OP, FILE_OFFSET, DATA_LENGTH, NEW_POS, NEW_LEN, NEW_STAGED, OLD_POS, OLD_LEN, OLD_SIZE, NEW_SIZE)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String NAMESPACE_ROW = "INSERT INTO CAGE_NAMESPACE_JOURNAL (SEQ, ENTRY_POS, TIME_US,"
        + " SESSION_ID, PATH, USER_NAME, CLIENT_ADDRESS, OP, PATH2, OPEN_MODE, OUTCOME, TRASH_REF)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private RowInserts() {
    }

    /**
     * Inserts the rows of {@code entries} (each appended and logged) in the transaction {@code em} has begun, and
     * does what an entry says to other tables: a branch's end removes the prepared branch.
     *
     * @throws PersistenceException if the database refuses a row (the transaction is then the caller's to roll back)
     */
    static void write(EntityManager em, List<? extends JournalEntry> entries) {
        Connection c = em.unwrap(Connection.class);
        try (PreparedStatement files = c.prepareStatement(FILE_ROW);
             PreparedStatement names = c.prepareStatement(NAMESPACE_ROW)) {
            int fileRows = 0;
            int nameRows = 0;
            for (JournalEntry e : entries) {
                if (e instanceof FileRecord f) {
                    bindFile(files, f);
                    files.addBatch();
                    fileRows++;
                } else if (e instanceof NamespaceRecord n) {
                    bindNamespace(names, n);
                    names.addBatch();
                    nameRows++;
                }
            }
            if (fileRows > 0) {
                files.executeBatch();
            }
            if (nameRows > 0) {
                names.executeBatch();
            }
        } catch (SQLException e) {
            throw new PersistenceException("journal rows refused: " + e.getMessage(), e);
        }
        for (JournalEntry e : entries) {
            if (e instanceof NamespaceRecord n && n.endsBranch()) {
                em.createQuery("DELETE FROM PreparedOp o WHERE o.branchKey = :k").setParameter("k", n.getPath2())
                    .executeUpdate();
                em.createQuery("DELETE FROM PreparedBranch b WHERE b.branchKey = :k").setParameter("k", n.getPath2())
                    .executeUpdate();
            }
        }
    }

    private static void bindCommon(PreparedStatement s, JournalEntry e) throws SQLException {
        s.setLong(1, e.getSeq());
        setLong(s, 2, e.entryPosition());
        s.setLong(3, e.timeMicros());
        s.setLong(4, e.getSessionId());
        s.setString(5, e.getPath());
    }

    private static void bindFile(PreparedStatement s, FileRecord f) throws SQLException {
        bindCommon(s, f);
        s.setString(6, f.getOp().name());
        s.setLong(7, f.getOffset());
        s.setLong(8, f.getLength());
        setLong(s, 9, f.newPosition());
        s.setLong(10, f.newLength());
        s.setBoolean(11, f.newBytesStaged());
        setLong(s, 12, f.oldPosition());
        s.setLong(13, f.oldLength());
        s.setLong(14, f.getOldSize());
        s.setLong(15, f.getNewSize());
    }

    private static void bindNamespace(PreparedStatement s, NamespaceRecord n) throws SQLException {
        bindCommon(s, n);
        s.setString(6, n.getUser());
        s.setString(7, n.getClientAddress());
        s.setString(8, n.getOp().name());
        s.setString(9, n.getPath2());
        s.setString(10, n.getMode());
        s.setString(11, n.getOutcome());
        s.setString(12, n.getTrashRef());
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }
}
