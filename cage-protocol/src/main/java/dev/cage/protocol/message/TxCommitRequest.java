package dev.cage.protocol.message;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * TX_COMMIT: applies a prepared branch (or, one phase, the session's staged work) atomically: no reader sees part of
 * it. The chunk count matters for one phase only. Answered by {@link TxCommitReply}.
 *
 * <pre>
 * +-----------------+-------------------+-----------------+
 * | branch id       | one phase (0/1)   | chunks staged   |
 * | (see BranchId)  | uint8             | int32           |
 * +-----------------+-------------------+-----------------+
 * </pre>
 */
public record TxCommitRequest(BranchId branch, boolean onePhase, int chunks) implements Request {

    /** Phase 2 of a branch prepared earlier, possibly by another session. */
    public static TxCommitRequest prepared(BranchId branch) {
        return new TxCommitRequest(branch, false, 0);
    }

    @Override
    public Opcode opcode() {
        return Opcode.TX_COMMIT;
    }

    @Override
    public void encode(ByteBuf out) {
        branch.writeTo(out);
        out.writeByte(onePhase ? 1 : 0);
        out.writeInt(chunks);
    }

    public static TxCommitRequest decode(ByteBuf in) throws ProtocolException {
        BranchId branch = BranchId.readFrom(in);
        boolean onePhase = Wire.readUnsignedByte(in) != 0;
        int chunks = Wire.readInt(in);
        Wire.end(in);
        return new TxCommitRequest(branch, onePhase, chunks);
    }
}
