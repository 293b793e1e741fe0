package dev.cage.server.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.util.Objects;

/**
 * One write or truncate of a {@link PreparedBranch}, in the order the branch applies them. Writes are at absolute
 * offsets and truncates to absolute sizes, so applying a branch a second time (after a crash part-way through its
 * commit) ends in the same bytes.
 *
 * <p>A write's bytes are in the write-ahead log ({@code DATA_POS}, {@code DATA_LEN}), put there by
 * {@link JournalStore#savePrepared} before the row is committed; read them with {@link JournalPayloads#data}.
 */
@Entity
@Table(name = "CAGE_TX_OP", indexes = @Index(name = "CAGE_TX_OP_BRANCH", columnList = "BRANCH_KEY, OP_NO"))
public class PreparedOp {
    /** {@code branchKey + "#" + opNo}. */
    @Id
    @Column(name = "OP_KEY", length = 320)
    private String opKey;

    @Column(name = "BRANCH_KEY", length = 300, nullable = false)
    private String branchKey;

    @Column(name = "OP_NO", nullable = false)
    private int opNo;

    @Column(name = "PATH", length = 4096, nullable = false)
    private String path;

    @Column(name = "TRUNCATE_OP", nullable = false)
    private boolean truncate;

    /** A write's offset, or a truncate's new size. */
    @Column(name = "POS", nullable = false)
    private long position;

    @Column(name = "DATA_POS")
    private Long dataPos;

    @Column(name = "DATA_LEN", nullable = false)
    private long dataLen;

    /** A write's bytes until they are in the log; never persisted. */
    @Transient
    private byte[] data;

    /** For JPA. */
    protected PreparedOp() {
    }

    private PreparedOp(String branchKey, int opNo, String path, boolean truncate, long position, byte[] data) {
        this.branchKey = Objects.requireNonNull(branchKey, "branchKey");
        this.opKey = branchKey + "#" + opNo;
        this.opNo = opNo;
        this.path = Objects.requireNonNull(path, "path");
        this.truncate = truncate;
        this.position = position;
        this.data = data;
        this.dataLen = data == null ? 0 : data.length;
    }

    public static PreparedOp write(String branchKey, int opNo, String path, long offset, byte[] data) {
        return new PreparedOp(branchKey, opNo, path, false, offset, Objects.requireNonNull(data, "data"));
    }

    public static PreparedOp truncate(String branchKey, int opNo, String path, long size) {
        return new PreparedOp(branchKey, opNo, path, true, size, null);
    }

    public String getBranchKey() {
        return branchKey;
    }

    public int getOpNo() {
        return opNo;
    }

    /** The file's path key when the branch was prepared (its files cannot be renamed while it is). */
    public String getPath() {
        return path;
    }

    public boolean isTruncate() {
        return truncate;
    }

    /** A write's offset, or a truncate's new size. */
    public long getPosition() {
        return position;
    }

    /** How many bytes a write has (0 for a truncate). */
    public long dataLength() {
        return dataLen;
    }

    /** Where a write's bytes lie in the write-ahead log; {@code null} for a truncate or an empty write. */
    Long dataPosition() {
        return dataPos;
    }

    /** The bytes not yet in the log, else {@code null}. */
    byte[] pendingData() {
        return data;
    }

    /**
     * Where a write's bytes lie in the journal's log, as an opaque reference a commit's write entry may point at
     * ({@link FileRecord#newBytesLoggedAt}); {@code null} for a truncate, an empty write, or before it is saved.
     */
    public Long dataReference() {
        return dataPos;
    }

    void logged(Long position) {
        this.dataPos = position;
        this.data = null;
    }
}
