package dev.cage.client;

import dev.cage.protocol.BranchId;
import java.io.Serializable;
import java.security.SecureRandom;

/**
 * A transaction branch id: the three parts of a {@code javax.transaction.xa.Xid} (format id, global transaction id
 * of at most 64 bytes, branch qualifier of at most 64 bytes), so a resource adapter can pass an Xid straight
 * through. Equal by content; the arrays are copied in and out. The parts, their checks and their equality are
 * those of the wire's {@link BranchId}, which this wraps.
 */
public final class TxId implements Serializable {
    /** The format id of the ids a {@link CageTransaction} makes up for itself ({@code "CAGE"} in ASCII). */
    public static final int CAGE_FORMAT = 0x43414745;
    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BranchId id;

    /**
     * @param formatId the format id ({@code Xid.getFormatId()})
     * @param globalId the global transaction id, at most 64 bytes
     * @param branchId the branch qualifier, at most 64 bytes
     * @throws IllegalArgumentException if a part is longer than 64 bytes
     * @throws NullPointerException if a part is {@code null}
     */
    public TxId(int formatId, byte[] globalId, byte[] branchId) {
        this(new BranchId(formatId, globalId, branchId));
    }

    private TxId(BranchId id) {
        this.id = id;
    }

    /** A fresh id no one else will make: 16 random bytes of global id, an empty qualifier. */
    public static TxId random() {
        byte[] g = new byte[16];
        RANDOM.nextBytes(g);
        return new TxId(CAGE_FORMAT, g, new byte[0]);
    }

    public int formatId() {
        return id.formatId();
    }

    public byte[] globalId() {
        return id.globalId();
    }

    public byte[] branchId() {
        return id.branchId();
    }

    BranchId wire() {
        return id;
    }

    static TxId of(BranchId b) {
        return new TxId(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxId t && t.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** {@code formatId:globalHex:branchHex}, a stable text form. */
    public String text() {
        return id.text();
    }

    @Override
    public String toString() {
        return "TxId[" + text() + "]";
    }
}
