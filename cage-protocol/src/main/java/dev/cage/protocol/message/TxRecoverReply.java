package dev.cage.protocol.message;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to TX_RECOVER ({@link EmptyRequest}): the prepared branches visible to this user.
 *
 * <pre>
 * +-----------+-------------------------+
 * | count     | count x BranchId        |
 * | int32     | (int32, bytes, bytes)   |
 * +-----------+-------------------------+
 * </pre>
 */
public record TxRecoverReply(List<BranchId> branches) implements Message {
    /** A branch id with empty parts. */
    private static final int MIN_ENTRY = 3 * Integer.BYTES;

    public TxRecoverReply {
        branches = List.copyOf(branches);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(branches.size());
        for (BranchId b : branches) {
            b.writeTo(out);
        }
    }

    public static TxRecoverReply decode(ByteBuf in) throws ProtocolException {
        int n = Counts.read(in, MIN_ENTRY, "branch ids");
        List<BranchId> branches = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            branches.add(BranchId.readFrom(in));
        }
        Wire.end(in);
        return new TxRecoverReply(branches);
    }
}
