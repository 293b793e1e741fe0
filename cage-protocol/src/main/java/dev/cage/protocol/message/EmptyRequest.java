package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.EnumSet;
import java.util.Set;

/**
 * The requests with an empty body: JOURNAL_STATS (reply: {@link JournalStatsReply}), ADMIN_NODE (reply:
 * {@link NodeReply}), ADMIN_STATS, ADMIN_USERS, ADMIN_GROUP (reply: {@link GroupReply}) and TX_RECOVER (reply: {@link TxRecoverReply}).
 */
public record EmptyRequest(Opcode opcode) implements Request {
    private static final Set<Opcode> OPS = EnumSet.of(Opcode.JOURNAL_STATS, Opcode.ADMIN_NODE, Opcode.ADMIN_STATS,
        Opcode.ADMIN_USERS, Opcode.ADMIN_GROUP, Opcode.TX_RECOVER);

    public EmptyRequest {
        if (!OPS.contains(opcode)) {
            throw new IllegalArgumentException(opcode + " is not a request with an empty body");
        }
    }

    @Override
    public void encode(ByteBuf out) {
        // nothing: the opcode is the whole request
    }

    public static EmptyRequest decode(Opcode opcode, ByteBuf in) throws ProtocolException {
        Wire.end(in);
        return new EmptyRequest(opcode);
    }
}
