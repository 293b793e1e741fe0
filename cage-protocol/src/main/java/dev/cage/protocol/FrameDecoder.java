package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream into {@link Frame}s. The length is checked against the maximum frame size before
 * anything is allocated; a bad length or an unknown opcode throws {@link FrameException} and the decoder
 * then discards everything that follows, because the stream can no longer be trusted.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private enum State { LENGTH, BODY, FAILED }

    /** Bytes of a frame that must have arrived before it gets a buffer of its own (see {@link #decodeBody}). */
    static final int OWN_BUFFER_AFTER = 64 * 1024;

    private int maxFrameSize;
    private State state = State.LENGTH;
    private int length;
    /** A large frame being received into a buffer of its exact size, or {@code null}. */
    private ByteBuf large;

    /** @param maxFrameSize the largest accepted value of the length field */
    public FrameDecoder(int maxFrameSize) {
        maxFrameSize(maxFrameSize);
    }

    /**
     * Changes the limit for frames whose length is not read yet; a server starts a connection with a small
     * limit and raises it once the peer has authenticated. Call on the channel's event loop.
     */
    public void maxFrameSize(int maxFrameSize) {
        if (maxFrameSize < Frame.HEADER_AFTER_LENGTH) {
            throw new IllegalArgumentException("max frame size must be at least " + Frame.HEADER_AFTER_LENGTH);
        }
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws FrameException {
        switch (state) {
            case LENGTH -> {
                if (in.readableBytes() < Frame.LENGTH_FIELD) {
                    return;
                }
                // Unsigned: a length of 2 GiB or more is a frame too large, not a negative one.
                long len = in.readUnsignedInt();
                if (len < Frame.HEADER_AFTER_LENGTH) {
                    fail(in, new FrameException(Status.MALFORMED_FRAME,
                        "frame length " + len + " is below the minimum of " + Frame.HEADER_AFTER_LENGTH));
                }
                if (len > maxFrameSize) {
                    fail(in, new FrameException(Status.FRAME_TOO_LARGE,
                        "frame of " + len + " bytes exceeds the limit of " + maxFrameSize));
                }
                length = (int) len;
                state = State.BODY;
                decodeBody(ctx, in, out);
            }
            case BODY -> decodeBody(ctx, in, out);
            case FAILED -> in.skipBytes(in.readableBytes());
        }
    }

    /**
     * A frame that is not all here yet waits in the cumulation buffer, which grows by copying as bytes
     * arrive. Once {@link #OWN_BUFFER_AFTER} bytes of a larger frame have arrived, the frame moves to a
     * buffer of its exact size instead: no more growing. Memory is only ever committed in proportion to
     * bytes actually received, so a peer that announces a large frame and stalls costs nothing.
     */
    private void decodeBody(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws FrameException {
        if (large == null && in.readableBytes() < length) {
            if (in.readableBytes() < OWN_BUFFER_AFTER) {
                return;
            }
            large = ctx.alloc().buffer(length, length);
        }
        ByteBuf frame = in;
        if (large != null) {
            large.writeBytes(in, Math.min(in.readableBytes(), length - large.readableBytes()));
            if (large.readableBytes() < length) {
                return;
            }
            frame = large;
        }
        int code = frame.readUnsignedByte();
        int requestId = frame.readInt();
        Opcode opcode = Opcode.of(code);
        if (opcode == null) {
            releaseLarge();
            fail(in, new FrameException(Status.UNEXPECTED_MESSAGE, "unknown opcode " + code));
        }
        if (frame == large) {
            large = null; // the frame's body now owns it
            out.add(new Frame(opcode, requestId, frame));
        } else {
            out.add(new Frame(opcode, requestId, in.readRetainedSlice(length - Frame.HEADER_AFTER_LENGTH)));
        }
        state = State.LENGTH;
    }

    private void releaseLarge() {
        if (large != null) {
            large.release();
            large = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseLarge();
    }

    private void fail(ByteBuf in, FrameException e) throws FrameException {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        throw e;
    }

    /** Whether an earlier frame was bad, so the decoder drops all further input. */
    public boolean failed() {
        return state == State.FAILED;
    }
}
