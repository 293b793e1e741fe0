package dev.cage.client;

import dev.cage.protocol.BranchId;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A transaction branch id: the three parts of a {@code javax.transaction.xa.Xid} (format id, global transaction id
 * of at most 64 bytes, branch qualifier of at most 64 bytes), so a resource adapter can pass an Xid straight
 * through. Equal by content; the arrays are copied in and out.
 *
 * @param formatId  the format id ({@code Xid.getFormatId()})
 * @param globalId  the global transaction id, at most 64 bytes
 * @param branchId  the branch qualifier, at most 64 bytes
 */
public record TxId(int formatId, byte[] globalId, byte[] branchId) {
    /** The format id of the ids a {@link CageTransaction} makes up for itself ({@code "CAGE"} in ASCII). */
    public static final int CAGE_FORMAT = 0x43414745;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @throws IllegalArgumentException if a part is longer than 64 bytes
     * @throws NullPointerException if a part is {@code null}
     */
    public TxId {
        if (globalId.length > BranchId.MAX_PART || branchId.length > BranchId.MAX_PART) {
            throw new IllegalArgumentException("a global id and a branch qualifier hold at most " + BranchId.MAX_PART
                + " bytes each, not " + globalId.length + " and " + branchId.length);
        }
        globalId = globalId.clone();
        branchId = branchId.clone();
    }

    /** A fresh id no one else will make: 16 random bytes of global id, an empty qualifier. */
    public static TxId random() {
        byte[] g = new byte[16];
        RANDOM.nextBytes(g);
        return new TxId(CAGE_FORMAT, g, new byte[0]);
    }

    @Override
    public byte[] globalId() {
        return globalId.clone();
    }

    @Override
    public byte[] branchId() {
        return branchId.clone();
    }

    BranchId wire() {
        return new BranchId(formatId, globalId, branchId);
    }

    static TxId of(BranchId b) {
        return new TxId(b.formatId(), b.globalId(), b.branchId());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxId t && t.formatId == formatId && Arrays.equals(t.globalId, globalId)
            && Arrays.equals(t.branchId, branchId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(globalId)) + Arrays.hashCode(branchId);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "TxId[" + formatId + ":" + hex.formatHex(globalId) + ":" + hex.formatHex(branchId) + "]";
    }
}
