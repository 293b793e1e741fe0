package dev.cage.server;

import dev.cage.protocol.Frame;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.HashMap;
import java.util.Map;

/**
 * Times each request of a data connection from the frame's arrival to its reply's hand-over to the connection, and
 * counts it by kind ({@link RequestStats}). Sits between the codec and the handler, so it sees frames, not bytes; both
 * directions run on the connection's event loop, so its map of requests in flight needs no lock.
 */
final class RequestTimer extends ChannelDuplexHandler {
    private record Started(Opcode op, long nanos) {
    }

    private final RequestStats stats;
    private final Map<Integer, Started> inFlight = new HashMap<>();

    RequestTimer(RequestStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame f && f.opcode() != Opcode.RESPONSE && f.requestId() != Protocol.UNSOLICITED) {
            inFlight.put(f.requestId(), new Started(f.opcode(), System.nanoTime()));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Frame f && f.opcode() == Opcode.RESPONSE) {
            Started started = inFlight.remove(f.requestId());
            if (started != null) {
                stats.answered(started.op(), System.nanoTime() - started.nanos());
            }
        }
        ctx.write(msg, promise);
    }
}
