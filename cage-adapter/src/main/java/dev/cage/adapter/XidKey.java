package dev.cage.adapter;

import dev.cage.client.TxId;
import java.io.Serializable;
import javax.transaction.xa.Xid;

/**
 * An XA transaction id by value: transaction managers hand out their own {@link Xid} classes, whose equality
 * cannot be relied on, so branches are looked up by the three parts, which a {@link TxId} holds and compares.
 * Also what {@code recover} returns.
 */
final class XidKey implements Xid, Serializable {
    private static final long serialVersionUID = 1L;
    private final TxId id;

    private XidKey(TxId id) {
        this.id = id;
    }

    static XidKey of(Xid xid) {
        return xid instanceof XidKey k ? k
            : new XidKey(new TxId(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier()));
    }

    static XidKey of(TxId id) {
        return new XidKey(id);
    }

    TxId toTxId() {
        return id;
    }

    @Override
    public int getFormatId() {
        return id.formatId();
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return id.globalId();
    }

    @Override
    public byte[] getBranchQualifier() {
        return id.branchId();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XidKey k && k.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Xid[" + id.text() + "]";
    }
}
