package dev.cage.protocol.message;

import dev.cage.protocol.NodeInfo;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to ADMIN_NODE ({@link EmptyRequest}): the node's facts and counters.
 *
 * <pre>
 * string version | uint16 protocol version | string root | string bind address | uint16 main port
 * | uint16 n | n x uint16 data port | uint8 tls | int64 started (µs) | int64 uptime (ms) | int64 idle timeout (ms)
 * | uint8 journal on | string journal dialect ("h2", "postgresql", "other"; "" when off)
 * | int32 sessions | int32 open files | int32 open channels
 * | int64 requests served | int64 reads served | int64 bytes read | int64 writes served | int64 bytes written
 * </pre>
 */
public record NodeReply(NodeInfo node) implements Message {

    @Override
    public void encode(ByteBuf out) {
        node.writeTo(out);
    }

    public static NodeReply decode(ByteBuf in) throws ProtocolException {
        NodeInfo node = NodeInfo.readFrom(in);
        Wire.end(in);
        return new NodeReply(node);
    }
}
