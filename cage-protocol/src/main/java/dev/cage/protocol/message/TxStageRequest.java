package dev.cage.protocol.message;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * TX_STAGE: stages transactional work on one open channel, in the session, without applying it. Chunks are numbered
 * 0, 1, ... per branch; a chunk that arrives out of turn (as after the client logged in again and lost the session
 * that held the earlier ones) is refused. Ops apply in order; a write larger than a frame is sent as several writes.
 * Reply: empty. Staged work dies with the session (a rollback) and counts against the node's per-session limit.
 * {@code base version} is the file's version the client knew when the transaction first used the file: at prepare
 * or commit, a change the node made after it to a range these ops write fails the transaction (first committer
 * wins, {@link dev.cage.protocol.Status#TRANSACTION_CONFLICT}).
 *
 * <pre>
 * +-----------------+-----------+-----------+--------------+-----------+----------------+
 * | branch id       | chunk     | handle    | base version | count     | count x op     |
 * | (see BranchId)  | int32     | int64     | int64        | int32     |                |
 * +-----------------+-----------+-----------+--------------+-----------+----------------+
 * op:
 * +----------+------------------+----------------------------+
 * | uint8 1  | int64 offset     | bytes data   (a write)     |
 * | uint8 2  | int64 new size   |              (a truncate)  |
 * +----------+------------------+----------------------------+
 * BranchId: int32 format id | bytes global id (max 64) | bytes branch qualifier (max 64)
 * </pre>
 * The node keeps each write's bytes as an array beyond the frame, so decoding copies them once, as it always has.
 */
public record TxStageRequest(BranchId branch, int chunk, long handle, long baseVersion, List<Op> ops) implements Request {
    private static final int WRITE = 1;
    private static final int TRUNCATE = 2;
    /** The smallest op: a kind and a position. */
    private static final int MIN_OP = 1 + Long.BYTES;

    /** A write of {@code data} at {@code position}, or (data {@code null}) a truncate to {@code position}. */
    public record Op(long position, byte[] data) {
        public static Op write(long offset, byte[] data) {
            return new Op(offset, java.util.Objects.requireNonNull(data, "data"));
        }

        public static Op truncate(long size) {
            return new Op(size, null);
        }

        public boolean truncate() {
            return data == null;
        }

        /** The bytes this op takes in a frame. */
        public int wireSize() {
            return MIN_OP + (data == null ? 0 : Integer.BYTES + data.length);
        }

        void encode(ByteBuf out) {
            out.writeByte(truncate() ? TRUNCATE : WRITE);
            out.writeLong(position);
            if (!truncate()) {
                Wire.writeBytes(out, data);
            }
        }

        static Op decode(ByteBuf in, int maxBytes) throws ProtocolException {
            int kind = Wire.readUnsignedByte(in);
            long position = Wire.readLong(in);
            if (kind == WRITE) {
                return write(position, Wire.readBytes(in, maxBytes));
            }
            if (kind == TRUNCATE) {
                return truncate(position);
            }
            throw new ProtocolException(Status.MALFORMED_FRAME, "unknown transaction op " + kind);
        }
    }

    public TxStageRequest {
        ops = List.copyOf(ops);
    }

    @Override
    public Opcode opcode() {
        return Opcode.TX_STAGE;
    }

    @Override
    public void encode(ByteBuf out) {
        branch.writeTo(out);
        out.writeInt(chunk).writeLong(handle).writeLong(baseVersion).writeInt(ops.size());
        for (Op op : ops) {
            op.encode(out);
        }
    }

    /** Reads the request, refusing a write of more than {@code maxBytes}. */
    public static TxStageRequest decode(ByteBuf in, int maxBytes) throws ProtocolException {
        BranchId branch = BranchId.readFrom(in);
        int chunk = Wire.readInt(in);
        long handle = Wire.readLong(in);
        long baseVersion = Wire.readLong(in);
        int count = Wire.readInt(in);
        if (count < 0 || count > in.readableBytes() / MIN_OP) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "TX_STAGE with " + count + " ops does not fit its frame");
        }
        List<Op> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ops.add(Op.decode(in, maxBytes));
        }
        Wire.end(in);
        return new TxStageRequest(branch, chunk, handle, baseVersion, ops);
    }
}
