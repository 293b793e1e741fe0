package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * ADMIN_GROUP_TRANSFER, admin, to a replicated group's leader: hands the lead to another member, and answers once
 * that member leads. Reply: empty.
 *
 * <pre>
 * +-----------+
 * | member id |
 * | string    |
 * +-----------+
 * </pre>
 */
public record GroupTransferRequest(String member) implements Request {

    @Override
    public Opcode opcode() {
        return Opcode.ADMIN_GROUP_TRANSFER;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, member);
    }

    public static GroupTransferRequest decode(ByteBuf in) throws ProtocolException {
        String member = Wire.readString(in);
        Wire.end(in);
        return new GroupTransferRequest(member);
    }
}
