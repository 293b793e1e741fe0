package dev.cage.protocol.message;

import dev.cage.protocol.NodeStats;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to ADMIN_STATS ({@link EmptyRequest}): the node's requests by kind and their latencies.
 *
 * <pre>
 * uint16 n | n x (uint8 opcode | int64 requests) | 100 x int64 latency bucket | int64 journal records (-1: no journal)
 * </pre>
 */
public record NodeStatsReply(NodeStats stats) implements Message {

    @Override
    public void encode(ByteBuf out) {
        stats.writeTo(out);
    }

    public static NodeStatsReply decode(ByteBuf in) throws ProtocolException {
        NodeStats stats = NodeStats.readFrom(in);
        Wire.end(in);
        return new NodeStatsReply(stats);
    }
}
