package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a {@link Frame}: a small header buffer followed by the body buffer itself, so large bodies are
 * never copied. Stateless, so one instance serves every pipeline.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf header = ctx.alloc().buffer(Frame.LENGTH_FIELD + Frame.HEADER_AFTER_LENGTH);
        header.writeInt(Frame.HEADER_AFTER_LENGTH + frame.body().readableBytes());
        header.writeByte(frame.opcode().code());
        header.writeInt(frame.requestId());
        out.add(header);
        out.add(frame.body()); // ownership moves to the pipeline, which releases it once written
    }
}
