package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A transaction branch id on the wire, the three parts of an XA {@code Xid}: int32 format id, bytes global id
 * (at most {@value #MAX_PART} bytes), bytes branch qualifier (at most {@value #MAX_PART} bytes). Equal by content,
 * so it can key maps; the arrays are copied in and out. The one value type for these three parts: the client's
 * {@code TxId} and the adapter's {@code Xid} are views of it.
 */
public final class BranchId implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The longest global id or branch qualifier, as in XA. */
    public static final int MAX_PART = 64;

    private final int formatId;
    private final byte[] globalId;
    private final byte[] branchId;

    public BranchId(int formatId, byte[] globalId, byte[] branchId) {
        if (globalId.length > MAX_PART || branchId.length > MAX_PART) {
            throw new IllegalArgumentException("a global id and a branch qualifier hold at most " + MAX_PART
                + " bytes each, not " + globalId.length + " and " + branchId.length);
        }
        this.formatId = formatId;
        this.globalId = globalId.clone();
        this.branchId = branchId.clone();
    }

    public int formatId() {
        return formatId;
    }

    public byte[] globalId() {
        return globalId.clone();
    }

    public byte[] branchId() {
        return branchId.clone();
    }

    public void writeTo(ByteBuf out) {
        out.writeInt(formatId);
        Wire.writeBytes(out, globalId);
        Wire.writeBytes(out, branchId);
    }

    public static BranchId readFrom(ByteBuf in) throws ProtocolException {
        int format = Wire.readInt(in);
        byte[] g = Wire.readBytes(in, MAX_PART);
        byte[] b = Wire.readBytes(in, MAX_PART);
        return new BranchId(format, g, b);
    }

    /** {@code formatId:globalHex:branchHex}: a stable text form, used as a database key. */
    public String text() {
        HexFormat hex = HexFormat.of();
        return formatId + ":" + hex.formatHex(globalId) + ":" + hex.formatHex(branchId);
    }

    /** The inverse of {@link #text()}. */
    public static BranchId parse(String text) {
        String[] p = text.split(":", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("not a branch id: " + text);
        }
        HexFormat hex = HexFormat.of();
        return new BranchId(Integer.parseInt(p[0]), hex.parseHex(p[1]), hex.parseHex(p[2]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BranchId b && b.formatId == formatId && Arrays.equals(b.globalId, globalId)
            && Arrays.equals(b.branchId, branchId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(globalId)) + Arrays.hashCode(branchId);
    }

    @Override
    public String toString() {
        return text();
    }
}
