package dev.cage.server.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An entry of the general journal: a session starting or ending, or an operation on a name (create, open,
 * close, rename, remove, directories), a rollback or a checkpoint.
 *
 * <pre>{@code
 * new NamespaceRecord(now, session, "alice", "10.0.0.7:51234", NamespaceOp.RENAME, "a/x").path2("b/x")
 * new NamespaceRecord(now, session, "alice", addr, NamespaceOp.REMOVE, "a/y").trashRef(".trash/42")
 * }</pre>
 */
@Entity
@Table(name = "CAGE_NAMESPACE_JOURNAL", indexes = {
    @Index(name = "CAGE_NS_PATH_SEQ", columnList = "PATH, SEQ"),
    @Index(name = "CAGE_NS_PATH2", columnList = "PATH2"),
    @Index(name = "CAGE_NS_TIME", columnList = "TIME_US"),
    @Index(name = "CAGE_NS_OP_SEQ", columnList = "OP, SEQ")})
public final class NamespaceRecord extends JournalEntry {
    /** The outcome of an operation that succeeded; otherwise the outcome is the failure's status name. */
    public static final String OK = "OK";
    private static final int SHORT = 256;

    @Column(name = "USER_NAME", length = SHORT)
    private String user;

    @Column(name = "CLIENT_ADDRESS", length = SHORT)
    private String clientAddress;

    @Enumerated(EnumType.STRING)
    @Column(name = "OP", length = 32, nullable = false)
    private NamespaceOp op;

    @Column(name = "PATH2", length = MAX_PATH)
    private String path2;

    @Column(name = "OPEN_MODE", length = 32)
    private String mode;

    @Column(name = "OUTCOME", length = 64, nullable = false)
    private String outcome = OK;

    @Column(name = "TRASH_REF", length = MAX_PATH)
    private String trashRef;

    /** For JPA. */
    protected NamespaceRecord() {
    }

    /**
     * An entry with outcome {@link #OK} and no second path, mode or trash reference; set those with the
     * chained setters before appending.
     *
     * @param path the path operated on; {@code ""} (the root) for session and checkpoint entries
     * @throws IllegalArgumentException if a value is longer than its column (paths: 4096 characters, user and
     *     address: 256); the chained setters check the same way
     */
    public NamespaceRecord(OffsetDateTime time, long sessionId, String user, String clientAddress, NamespaceOp op,
                           String path) {
        super(time, sessionId, path);
        this.user = checkLength("user", user, SHORT);
        this.clientAddress = checkLength("client address", clientAddress, SHORT);
        this.op = Objects.requireNonNull(op, "op");
    }

    /** The target of a rename. */
    public NamespaceRecord path2(String target) {
        this.path2 = checkLength("path2", target, MAX_PATH);
        return this;
    }

    /** The open mode's name, for {@link NamespaceOp#OPEN}. */
    public NamespaceRecord mode(String openMode) {
        this.mode = checkLength("mode", openMode, 32);
        return this;
    }

    /** {@link #OK}, or the name of the status the operation failed with. */
    public NamespaceRecord outcome(String result) {
        this.outcome = checkLength("outcome", Objects.requireNonNull(result, "outcome"), 64);
        return this;
    }

    /** Where a removed file's bytes were kept, so a rollback can bring it back. */
    public NamespaceRecord trashRef(String ref) {
        this.trashRef = checkLength("trash reference", ref, MAX_PATH);
        return this;
    }

    public String getUser() {
        return user;
    }

    public String getClientAddress() {
        return clientAddress;
    }

    public NamespaceOp getOp() {
        return op;
    }

    /** The target of a rename, else {@code null}. */
    public String getPath2() {
        return path2;
    }

    /** The open mode's name for an open, else {@code null}. */
    public String getMode() {
        return mode;
    }

    public String getOutcome() {
        return outcome;
    }

    /** Where a removed file's bytes were kept, else {@code null}. */
    public String getTrashRef() {
        return trashRef;
    }

    /** Whether this entry ends a prepared branch (whose key is {@link #getPath2()}): its row removes the branch. */
    boolean endsBranch() {
        return op == NamespaceOp.TX_COMMIT || op == NamespaceOp.TX_ROLLBACK;
    }

    /** Writes what the row holds to a log record's header. */
    void writeFields(DataOutputStream out) throws IOException {
        out.writeUTF(op.name());
        out.writeUTF(outcome);
        for (String s : new String[] {user, clientAddress, path2, mode, trashRef}) {
            out.writeBoolean(s != null);
            if (s != null) {
                out.writeUTF(s);
            }
        }
    }

    /** The entry a log record at {@code position} describes, its header read past the common fields. */
    static NamespaceRecord readFields(long timeMicros, long sessionId, String path, DataInputStream in,
                                      long position) throws IOException {
        NamespaceRecord r = new NamespaceRecord(timeMicros, sessionId, path);
        r.op = NamespaceOp.valueOf(in.readUTF());
        r.outcome = in.readUTF();
        r.user = nullable(in);
        r.clientAddress = nullable(in);
        r.path2 = nullable(in);
        r.mode = nullable(in);
        r.trashRef = nullable(in);
        r.loggedAt(position);
        return r;
    }

    private static String nullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private NamespaceRecord(long timeMicros, long sessionId, String path) {
        super(timeMicros, sessionId, path);
    }

    @Override
    public String toString() {
        return "NamespaceRecord[seq=" + getSeq() + ", time=" + getTime() + ", session=" + getSessionId() + ", " + op
            + " '" + getPath() + "'" + (path2 == null ? "" : " -> '" + path2 + "'") + ", " + outcome + "]";
    }
}
