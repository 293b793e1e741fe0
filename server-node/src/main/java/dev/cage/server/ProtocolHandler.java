package dev.cage.server;

import dev.cage.protocol.Frame;
import dev.cage.protocol.FrameException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Status;
import dev.cage.protocol.message.HelloReply;
import dev.cage.protocol.message.HelloRequest;
import dev.cage.protocol.message.Replies;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;

/**
 * What both ports share: the versioned HELLO that must open every connection, and how a broken frame ends
 * the connection (an error frame, then close) without touching any other connection.
 */
abstract class ProtocolHandler extends SimpleChannelInboundHandler<Frame> {
    private final int maxFrameSize;
    private boolean greeted;

    ProtocolHandler(int maxFrameSize) {
        super(false); // subclasses own the frame and release it when done
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, Frame f) {
        try {
            if (!greeted) {
                hello(ctx, f);
                greeted = true;
                f.release();
                return;
            }
            onFrame(ctx, f);
        } catch (ProtocolException e) {
            releaseIfHeld(f);
            failAndClose(ctx, f.requestId(), e.status(), e.getMessage());
        } catch (Exception e) {
            releaseIfHeld(f);
            ErrorMapping.Mapped m = ErrorMapping.map(e, "?");
            failAndClose(ctx, f.requestId(), m.status(), m.message());
        }
    }

    private void hello(ChannelHandlerContext ctx, Frame f) throws ProtocolException {
        if (f.opcode() != Opcode.HELLO) {
            throw new ProtocolException(Status.UNEXPECTED_MESSAGE, "expected HELLO as the first frame, got " + f.opcode());
        }
        HelloRequest hello = HelloRequest.decode(f.body());
        if (hello.magic() != Protocol.MAGIC) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "HELLO without the CAGE magic: not a Cage client");
        }
        if (hello.version() != Protocol.VERSION) {
            throw new ProtocolException(Status.UNSUPPORTED_VERSION,
                "protocol version " + hello.version() + " is not supported; this node speaks version " + Protocol.VERSION);
        }
        ctx.writeAndFlush(Replies.ok(ctx.alloc(), f.requestId(), 6, new HelloReply(Protocol.VERSION, maxFrameSize)));
    }

    private static void releaseIfHeld(Frame f) {
        if (f.body().refCnt() > 0) {
            f.release();
        }
    }

    /** Handles a frame after HELLO; must release it, or throw and leave that to this class. */
    protected abstract void onFrame(ChannelHandlerContext ctx, Frame f) throws Exception;

    static void failAndClose(ChannelHandlerContext ctx, int requestId, Status status, String message) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(Responses.error(ctx.alloc(), requestId, status, message))
                .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof FrameException fe) {
            failAndClose(ctx, Protocol.UNSOLICITED, fe.status(), fe.getMessage());
        } else if (cause instanceof IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            ctx.close(); // the peer reset the connection or does not speak TLS: nothing to tell it
        } else {
            ErrorMapping.Mapped m = ErrorMapping.map(cause, "?");
            failAndClose(ctx, Protocol.UNSOLICITED, m.status(), m.message());
        }
    }
}
