package dev.cage.server.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.util.Objects;

/**
 * One write or truncate of a {@link PreparedBranch}, in the order the branch applies them. Writes are at absolute
 * offsets and truncates to absolute sizes, so applying a branch a second time (after a crash part-way through its
 * commit) ends in the same bytes.
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

    @Lob
    @Column(name = "OP_DATA")
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

    /** A write's bytes; {@code null} for a truncate. Not a copy. */
    public byte[] getData() {
        return data;
    }
}
