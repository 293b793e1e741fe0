package dev.cage.server;

import dev.cage.protocol.Protocol;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Status;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the node's TCP connections, on every port, in all and per remote address, and refuses one past either
 * limit with {@code LIMIT_REACHED} before it can hold anything: a flood of connections (logged in or not) from one
 * place cannot take the descriptors and event-loop time that other users need to log in.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(ConnectionLimiter.class.getName());
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("cage.counted-address");
    /** How long a refused peer has to take its error before the connection is closed under it. */
    private static final long REFUSAL_GRACE_MILLIS = 2_000;

    private final int perAddress;
    private final int total;
    private final AtomicInteger all = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    ConnectionLimiter(int perAddress, int total) {
        this.perAddress = perAddress;
        this.total = total;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress from = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        AtomicInteger mine = byAddress.computeIfAbsent(from, a -> new AtomicInteger());
        int n = mine.incrementAndGet();
        int t = all.incrementAndGet();
        ctx.channel().attr(COUNTED).set(from);
        if (n > perAddress || t > total) {
            String limit = n > perAddress
                ? "the node already has " + (n - 1) + " connections from " + from.getHostAddress()
                    + ", the most one address may (connectionsPerAddress " + perAddress + ")"
                : "the node already has " + (t - 1) + " connections, the most it takes (connections " + total + ")";
            LOG.log(System.Logger.Level.WARNING, "refused a connection: " + limit);
            refuse(ctx.channel(), limit);
            return; // the handlers behind never see it
        }
        super.channelActive(ctx);
    }

    private static void refuse(Channel ch, String limit) {
        ch.writeAndFlush(Responses.error(ch.alloc(), Protocol.UNSOLICITED, Status.LIMIT_REACHED, "connection refused: " + limit))
            .addListener(ChannelFutureListener.CLOSE);
        // Under TLS the error waits for a handshake the peer may never make: close anyway.
        ch.eventLoop().schedule(() -> ch.close(), REFUSAL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress from = ctx.channel().attr(COUNTED).getAndSet(null);
        if (from != null) {
            all.decrementAndGet();
            byAddress.computeIfPresent(from, (a, c) -> c.decrementAndGet() == 0 ? null : c);
        }
        super.channelInactive(ctx);
    }

    /** Connections open now, for tests and the admin. */
    int connections() {
        return all.get();
    }
}
