package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to JOURNAL_READ_AS_OF: whether the file existed at that instant, and its bytes then (empty if not).
 *
 * <pre>
 * uint8 existed | bytes content (int32 length, then the bytes)
 * </pre>
 */
public record JournalReadAsOfReply(boolean existed, byte[] content) implements Message {

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(existed ? 1 : 0);
        Wire.writeBytes(out, content);
    }

    public static JournalReadAsOfReply decode(ByteBuf in) throws ProtocolException {
        boolean existed = Wire.readUnsignedByte(in) != 0;
        byte[] content = Wire.readBytes(in, in.readableBytes());
        Wire.end(in);
        return new JournalReadAsOfReply(existed, content);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalReadAsOfReply r && r.existed == existed && java.util.Arrays.equals(r.content, content);
    }

    @Override
    public int hashCode() {
        return 31 * Boolean.hashCode(existed) + java.util.Arrays.hashCode(content);
    }
}
