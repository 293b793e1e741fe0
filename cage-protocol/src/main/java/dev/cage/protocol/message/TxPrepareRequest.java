package dev.cage.protocol.message;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * TX_PREPARE, phase 1: makes the branch's staged work durable in the journal and locks the files it touches until
 * TX_COMMIT or TX_ROLLBACK. Reply: empty.
 *
 * <pre>
 * +-----------------+-----------------+
 * | branch id       | chunks staged   |
 * | (see BranchId)  | int32           |
 * +-----------------+-----------------+
 * </pre>
 */
public record TxPrepareRequest(BranchId branch, int chunks) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.TX_PREPARE;
    }

    @Override
    public void encode(ByteBuf out) {
        branch.writeTo(out);
        out.writeInt(chunks);
    }

    public static TxPrepareRequest decode(ByteBuf in) throws ProtocolException {
        BranchId branch = BranchId.readFrom(in);
        int chunks = Wire.readInt(in);
        Wire.end(in);
        return new TxPrepareRequest(branch, chunks);
    }
}
