package dev.cage.adapter;

import dev.cage.client.TxId;
import java.io.Serializable;
import java.util.Arrays;
import javax.transaction.xa.Xid;

/**
 * An XA transaction id by value: transaction managers hand out their own {@link Xid} classes, whose equality
 * cannot be relied on, so branches are looked up by the three parts. Also what {@code recover} returns.
 */
final class XidKey implements Xid, Serializable {
    private static final long serialVersionUID = 1L;
    private final int formatId;
    private final byte[] globalId;
    private final byte[] branchId;

    private XidKey(int formatId, byte[] globalId, byte[] branchId) {
        this.formatId = formatId;
        this.globalId = globalId.clone();
        this.branchId = branchId.clone();
    }

    static XidKey of(Xid xid) {
        return xid instanceof XidKey k ? k : new XidKey(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
    }

    static XidKey of(TxId id) {
        return new XidKey(id.formatId(), id.globalId(), id.branchId());
    }

    TxId toTxId() {
        return new TxId(formatId, globalId.clone(), branchId.clone());
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return globalId.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return branchId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XidKey k && k.formatId == formatId && Arrays.equals(k.globalId, globalId)
            && Arrays.equals(k.branchId, branchId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(globalId)) + Arrays.hashCode(branchId);
    }

    @Override
    public String toString() {
        return "Xid[" + formatId + ":" + hex(globalId) + ":" + hex(branchId) + "]";
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return s.toString();
    }
}
