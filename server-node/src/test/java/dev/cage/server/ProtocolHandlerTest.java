package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.protocol.Frame;
import dev.cage.protocol.FrameDecoder;
import dev.cage.protocol.FrameEncoder;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HELLO gate and failure handling both ports share, driven through {@link EmbeddedChannel} one byte at a
 * time: no sockets, no waiting.
 */
class ProtocolHandlerTest {
    /** Answers every frame after HELLO with an empty OK, and remembers what it was given. */
    private static final class EchoHandler extends ProtocolHandler {
        final List<Opcode> seen = new ArrayList<>();

        EchoHandler() {
            super(4096);
        }

        @Override
        protected void onFrame(ChannelHandlerContext ctx, Frame f) {
            seen.add(f.opcode());
            ctx.writeAndFlush(Responses.ok(ctx.alloc(), f.requestId(), 0));
            f.release();
        }
    }

    private final EchoHandler handler = new EchoHandler();
    private final EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(4096), FrameEncoder.INSTANCE, handler);

    @Test
    void hello_fedOneByteAtATime_isAnsweredWithVersionAndLimit() {
        feed(RawFrames.hello());

        ByteBuf reply = replyBody();
        assertThat(reply.readUnsignedShort()).isEqualTo(Status.OK.code());
        assertThat(reply.readUnsignedShort()).isEqualTo(Protocol.VERSION);
        assertThat(reply.readInt()).isEqualTo(4096);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void frames_afterHello_reachTheSubclassInOrder() {
        feed(RawFrames.concat(RawFrames.hello(), RawFrames.frame(Opcode.STAT, 2, new byte[2]),
            RawFrames.frame(Opcode.LIST, 3, new byte[2])));

        assertThat(handler.seen).containsExactly(Opcode.STAT, Opcode.LIST);
    }

    @Test
    void frame_tooLarge_unsolicitedErrorThenClose() {
        feed(RawFrames.hello());
        replyBody();

        int taken = feed(RawFrames.concat(RawFrames.header(4097, Opcode.WRITE.code(), 9), new byte[100]));

        assertThat(taken).as("bytes read before the connection closed").isEqualTo(Frame.LENGTH_FIELD);
        assertError(Status.FRAME_TOO_LARGE, Protocol.UNSOLICITED);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void readTimeout_beforeLogin_sessionExpiredThenClose() {
        feed(RawFrames.hello());
        replyBody();

        ch.pipeline().fireExceptionCaught(ReadTimeoutException.INSTANCE);

        assertError(Status.SESSION_EXPIRED, Protocol.UNSOLICITED);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void ioError_fromThePeer_closesWithoutAReply() {
        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    /** Feeds bytes one at a time until all are in or the handler closed the channel; returns how many went in. */
    private int feed(byte[] wire) {
        int n = 0;
        while (n < wire.length && ch.isOpen()) {
            ch.writeInbound(Unpooled.wrappedBuffer(wire, n++, 1));
        }
        return n;
    }

    /** The body of the next frame the handler wrote, header and all checked to be a RESPONSE. */
    private ByteBuf replyBody() {
        ByteBuf header = ch.readOutbound();
        ByteBuf body = ch.readOutbound();
        assertThat(header.getByte(4)).isEqualTo((byte) Opcode.RESPONSE.code());
        header.release();
        return body;
    }

    private void assertError(Status status, int requestId) {
        ByteBuf header = ch.readOutbound();
        ByteBuf body = ch.readOutbound();
        assertThat(header.getInt(5)).as("request id").isEqualTo(requestId);
        assertThat(body.readUnsignedShort()).as("status").isEqualTo(status.code());
        header.release();
        body.release();
    }
}
