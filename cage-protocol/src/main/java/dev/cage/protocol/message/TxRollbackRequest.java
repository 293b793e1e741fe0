package dev.cage.protocol.message;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * TX_ROLLBACK: discards a staged branch, or a prepared one (its locks go). Reply: empty.
 *
 * <pre>
 * +-------------+---------------------+-------------------------+
 * | format id   | global id           | branch qualifier        |
 * | int32       | bytes (max 64)      | bytes (max 64)          |
 * +-------------+---------------------+-------------------------+
 * </pre>
 */
public record TxRollbackRequest(BranchId branch) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.TX_ROLLBACK;
    }

    @Override
    public void encode(ByteBuf out) {
        branch.writeTo(out);
    }

    public static TxRollbackRequest decode(ByteBuf in) throws ProtocolException {
        BranchId branch = BranchId.readFrom(in);
        Wire.end(in);
        return new TxRollbackRequest(branch);
    }
}
