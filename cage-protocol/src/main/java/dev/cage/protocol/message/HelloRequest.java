package dev.cage.protocol.message;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * HELLO, the first frame on every connection to either port. Answered by {@link HelloReply}.
 *
 * <pre>
 * +---------------+-----------+
 * | magic "CAGE"  | version   |
 * | int32         | uint16    |
 * +---------------+-----------+
 * </pre>
 * The one lenient decoder: bytes after the version are ignored, as nodes always have; the magic and the version are
 * checked by the node after both are read.
 */
public record HelloRequest(int magic, int version) implements Request {

    /** What this code says: {@link Protocol#MAGIC} and {@link Protocol#VERSION}. */
    public static HelloRequest current() {
        return new HelloRequest(Protocol.MAGIC, Protocol.VERSION);
    }

    @Override
    public Opcode opcode() {
        return Opcode.HELLO;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(magic).writeShort(version);
    }

    public static HelloRequest decode(ByteBuf in) throws ProtocolException {
        int magic = Wire.readInt(in);
        return new HelloRequest(magic, Wire.readUnsignedShort(in));
    }
}
