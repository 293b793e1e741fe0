package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to {@link TxCommitRequest}: the ranges that changed, so the committer drops what its own cache holds of
 * them (the node tells only the other openers, by INVALIDATE).
 *
 * <pre>
 * +-----------+---------------------------+
 * | count     | count x ChangedRange      |
 * | int32     | (5 x int64, see there)    |
 * +-----------+---------------------------+
 * </pre>
 */
public record TxCommitReply(List<ChangedRange> changes) implements Message {

    public TxCommitReply {
        changes = List.copyOf(changes);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(changes.size());
        for (ChangedRange c : changes) {
            c.encode(out);
        }
    }

    public static TxCommitReply decode(ByteBuf in) throws ProtocolException {
        int n = Counts.read(in, ChangedRange.BYTES, "changed ranges");
        List<ChangedRange> changes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            changes.add(ChangedRange.decode(in));
        }
        Wire.end(in);
        return new TxCommitReply(changes);
    }
}
