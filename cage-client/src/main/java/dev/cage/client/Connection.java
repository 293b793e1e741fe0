package dev.cage.client;

import dev.cage.protocol.Buffers;
import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.FrameDecoder;
import dev.cage.protocol.FrameEncoder;
import dev.cage.protocol.FrameException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Status;
import dev.cage.protocol.Transport;
import dev.cage.protocol.message.ChangedRange;
import dev.cage.protocol.message.HelloReply;
import dev.cage.protocol.message.HelloRequest;
import dev.cage.protocol.message.InvalidateRequest;
import dev.cage.protocol.message.Progress;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * One TCP connection to a node port. Many requests may be in flight: each gets a request id, and its
 * reply completes the matching future on the event loop. When the connection ends, every request still
 * waiting fails with the reason (an error the server sent unasked, or "connection lost").
 *
 * <p>Threads: callers send from any thread; replies arrive on the connection's event loop.
 */
final class Connection {
    private final Channel channel;
    private final String peer;
    private final Map<Integer, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
    /** Listeners of PROGRESS frames, by the id of the request they are about. */
    private final Map<Integer, ProgressListener> progress = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile CageException closeReason;
    /** Starts as this end's limit; HELLO lowers it to the server's if that is smaller. */
    private volatile int maxFrameSize;
    private final Invalidations invalidations;
    private final long login;

    /** Receives the server's INVALIDATE pushes, on the connection's event loop, before they are acknowledged. */
    @FunctionalInterface
    interface Invalidations {
        /** @param login the {@link #login()} of the connection it came on */
        void invalidate(long login, long fileId, long offset, long length, long version, long size);

        Invalidations NONE = (login, fileId, offset, length, version, size) -> { };
    }

    private Connection(Channel channel, String peer, int maxFrameSize, long login, Invalidations invalidations) {
        this.channel = channel;
        this.login = login;
        this.peer = peer;
        this.maxFrameSize = maxFrameSize;
        this.invalidations = invalidations;
    }

    /** Connects and says HELLO; the returned connection is ready for requests. */
    static Connection open(String host, int port, SslContext ssl, int maxFrameSize, long timeoutMillis, long login,
                           Invalidations invalidations) throws CageException {
        String peer = host + ":" + port;
        Connection[] made = new Connection[1];
        Bootstrap b = new Bootstrap()
            .group(ClientLoop.group())
            .channel(Transport.current().socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.ALLOCATOR, Buffers.ALLOCATOR)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)))
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    made[0] = new Connection(ch, peer, maxFrameSize, login, invalidations);
                    if (ssl != null) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
                    }
                    // Requests (and replies) written from many threads reach the event loop one task each; consolidating
                    // their flushes sends a burst in one syscall instead of one per frame (cage bench: +20-35 % at queue depth 32).
                    ch.pipeline().addLast(new FlushConsolidationHandler(256, true));
                    ch.pipeline().addLast(new FrameDecoder(maxFrameSize), FrameEncoder.INSTANCE, made[0].new Inbound());
                }
            });
        ChannelFuture f = b.connect(host, port);
        if (!f.awaitUninterruptibly(timeoutMillis) || !f.isSuccess()) {
            f.channel().close();
            Throwable cause = f.cause();
            if (refused(cause)) {
                throw new ConnectionRefusedException(peer);
            }
            throw new dev.cage.protocol.ServerUnavailableException(Status.UNAVAILABLE, "cannot connect to " + peer + ": "
                + (cause == null ? "no answer within " + timeoutMillis + " ms" : cause.getMessage()));
        }
        Connection c = made[0];
        if (ssl != null) {
            c.awaitHandshake(timeoutMillis);
        }
        try {
            c.hello(timeoutMillis);
        } catch (CageException e) {
            // A node with TLS on closes a plain connection without a word: find out whether that is why.
            if (ssl == null && c.closedWithoutReason() && TlsProbe.speaksTls(host, port, timeoutMillis)) {
                throw TlsMismatchException.nodeWithTls(peer);
            }
            throw e;
        }
        return c;
    }

    /**
     * ECONNREFUSED: nothing listens there. The JDK's and Netty's native transports both say "Connection refused" for
     * it, and name other failures (a connect that timed out, an unreachable host) otherwise.
     */
    private static boolean refused(Throwable cause) {
        return cause instanceof ConnectException && !(cause instanceof ConnectTimeoutException)
            && String.valueOf(cause.getMessage()).contains("refused");
    }

    /** Waits for the TLS handshake, so that its failure is reported as one instead of as a lost connection. */
    private void awaitHandshake(long timeoutMillis) throws CageException {
        Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
        if (!handshake.awaitUninterruptibly(timeoutMillis)) {
            channel.close();
            throw new dev.cage.protocol.ServerUnavailableException(Status.UNAVAILABLE,
                "no TLS handshake from " + peer + " within " + timeoutMillis + " ms");
        }
        Throwable cause = handshake.cause();
        if (cause == null) {
            return;
        }
        channel.close();
        if (cause instanceof NotSslRecordException) {
            throw TlsMismatchException.nodeWithoutTls(peer); // the node answered in plain frames
        }
        if (cause instanceof SSLException && !(cause instanceof SslHandshakeTimeoutException)) {
            throw TlsMismatchException.handshakeFailed(peer, cause); // e.g. its certificate is not trusted
        }
        // the connection closed or stalled during the handshake: like any lost connection, worth another try
        throw new dev.cage.protocol.ServerUnavailableException(Status.UNAVAILABLE,
            "TLS handshake with " + peer + " did not complete: " + cause);
    }

    /** Closed by the node with no error said and no reply: how a node with TLS on treats a plain connection. */
    private boolean closedWithoutReason() {
        return !channel.isActive() && closeReason == null;
    }

    private void hello(long timeoutMillis) throws CageException {
        ByteBuf body = alloc().buffer(6);
        HelloRequest.current().encode(body);
        Frame reply = await(send(Opcode.HELLO, body), timeoutMillis, Opcode.HELLO);
        try {
            Responses.check(reply);
            maxFrameSize = Math.min(maxFrameSize, HelloReply.decode(reply.body()).maxFrameSize());
        } finally {
            reply.release();
        }
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /**
     * Which login of its link this connection is (0 for the main port's, which only logs in): versions the server
     * tells one login can be compared with each other, not with another login's (see {@link CachedFile}).
     */
    long login() {
        return login;
    }

    /** The largest frame both ends accept. */
    int maxFrameSize() {
        return maxFrameSize;
    }

    /** Why the server closed this connection, if it said; null while open or when it just went away. */
    CageException closeReason() {
        return closeReason;
    }

    boolean isOpen() {
        return channel.isActive() && closeReason == null;
    }

    /** Sends a request (taking ownership of {@code body}); the future completes with the reply frame. */
    CompletableFuture<Frame> send(Opcode op, ByteBuf body) {
        return send(op, body, null);
    }

    /** As {@link #send(Opcode, ByteBuf)}, telling {@code listener} of the PROGRESS the server reports meanwhile. */
    CompletableFuture<Frame> send(Opcode op, ByteBuf body, ProgressListener listener) {
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        int id = nextId();
        if (listener != null) {
            progress.put(id, listener);
            reply.whenComplete((f, e) -> progress.remove(id));
        }
        pending.put(id, reply);
        if (!channel.isActive()) {
            body.release();
            fail(id, lost());
            return reply;
        }
        channel.writeAndFlush(new Frame(op, id, body)).addListener(w -> {
            if (!w.isSuccess()) {
                fail(id, new dev.cage.protocol.ServerUnavailableException(Status.UNAVAILABLE,
                    "cannot send to " + peer + ": " + w.cause().getMessage()));
            }
        });
        return reply;
    }

    /** Waits for a reply, turning every way of not getting one into a {@link CageException}. */
    Frame await(CompletableFuture<Frame> reply, long timeoutMillis, Opcode op) throws CageException {
        try {
            return reply.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CageException c) {
                throw c;
            }
            throw new dev.cage.protocol.ServerUnavailableException(Status.UNAVAILABLE, e.getCause().toString());
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new NoAnswerException("no answer to " + op + " from " + peer + " within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.cage.protocol.ServerUnavailableException(Status.UNAVAILABLE, "interrupted waiting for " + peer);
        }
    }

    /** Closes the connection; from now on it is not open, even before the close reaches the socket. */
    void close() {
        if (closeReason == null) {
            closeReason = new dev.cage.protocol.ServerUnavailableException(Status.UNAVAILABLE,
                "connection to " + peer + " closed by this client");
        }
        channel.close();
    }

    private int nextId() {
        int id;
        do {
            id = ids.incrementAndGet();
        } while (id == Protocol.UNSOLICITED);
        return id;
    }

    private void fail(int id, CageException e) {
        CompletableFuture<Frame> f = pending.remove(id);
        if (f != null) {
            f.completeExceptionally(e);
        }
    }

    private CageException lost() {
        CageException reason = closeReason;
        return reason != null ? reason
            : new dev.cage.protocol.ServerUnavailableException(Status.UNAVAILABLE, "connection to " + peer + " lost");
    }

    private final class Inbound extends SimpleChannelInboundHandler<Frame> {
        Inbound() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
            if (f.requestId() == Protocol.UNSOLICITED) {
                unsolicited(f);
                return;
            }
            if (f.opcode() == Opcode.INVALIDATE) {
                invalidate(ctx, f);
                return;
            }
            if (f.opcode() == Opcode.PROGRESS) {
                try {
                    ProgressListener l = progress.get(f.requestId());
                    if (l != null) {
                        Progress p = Progress.decode(f.body());
                        l.progress(String.valueOf(f.requestId()), p.done(), p.total());
                    }
                } catch (ProtocolException malformed) {
                    // a report of progress only informs: one that does not parse is dropped, the request goes on
                } finally {
                    f.release();
                }
                return;
            }
            CompletableFuture<Frame> waiter = pending.remove(f.requestId());
            if (waiter == null || !waiter.complete(f)) {
                f.release(); // the caller gave up (timeout) before the reply came
            }
        }

        /** Drops the changed range from the cache, then tells the server: its writer is waiting for this. */
        private void invalidate(ChannelHandlerContext ctx, Frame f) {
            try {
                ChangedRange r = InvalidateRequest.decode(f.body()).range();
                invalidations.invalidate(login, r.fileId(), r.offset(), r.length(), r.version(), r.size());
                ctx.writeAndFlush(Responses.ok(ctx.alloc(), f.requestId(), 0));
            } catch (CageException e) {
                closeReason = e;
                ctx.close();
            } finally {
                f.release();
            }
        }

        private void unsolicited(Frame f) {
            try {
                Responses.check(f);
            } catch (CageException e) {
                closeReason = e; // the server tells why it is about to close the connection
            } finally {
                f.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            CageException reason = lost();
            pending.keySet().forEach(id -> fail(id, reason));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof FrameException fe) {
                closeReason = fe.toProtocolException();
            } else if (closeReason == null && !(cause instanceof IOException)) {
                closeReason = new ProtocolException(Status.MALFORMED_FRAME, "bad data from " + peer + ": " + cause);
            }
            ctx.close();
        }
    }
}
