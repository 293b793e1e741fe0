package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frame layout of {@link Frame}'s Javadoc read the plainest way, with no care for memory: what
 * {@link FrameDecoder} must deliver for the same bytes arriving in the same chunks. A fuzz test runs both side by
 * side and compares.
 */
final class ReferenceFramer {
    /** A frame as the layout defines it. */
    record Expected(int opcode, int requestId, byte[] body) {
        boolean matches(Frame f) {
            return f.opcode().code() == opcode && f.requestId() == requestId
                && Arrays.equals(Frames.bytes(f.body()), body);
        }

        @Override
        public String toString() {
            return "opcode " + opcode + " #" + requestId + " (" + body.length + " bytes)";
        }
    }

    /** What one chunk yields: the frames completed in it and, if the stream broke in it, the status of the error. */
    record Outcome(List<Expected> frames, Status error) {
    }

    /** Bytes received and not yet part of a frame (a plain heap buffer: only its index arithmetic is used). */
    private final ByteBuf pending = Unpooled.buffer();
    private int maxFrameSize;
    private long length = -1;
    private boolean failed;

    ReferenceFramer(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /** The limit for lengths that complete from the next chunk on, as {@link FrameDecoder#maxFrameSize} sets it. */
    void maxFrameSize(int max) {
        this.maxFrameSize = max;
    }

    Outcome accept(byte[] chunk) {
        List<Expected> frames = new ArrayList<>();
        if (failed) {
            return new Outcome(frames, null);
        }
        pending.discardReadBytes().writeBytes(chunk);
        while (true) {
            if (length < 0) {
                if (pending.readableBytes() < Frame.LENGTH_FIELD) {
                    return new Outcome(frames, null);
                }
                length = pending.readUnsignedInt();
                if (length < Frame.HEADER_AFTER_LENGTH) {
                    return fail(frames, Status.MALFORMED_FRAME);
                }
                if (length > maxFrameSize) {
                    return fail(frames, Status.FRAME_TOO_LARGE);
                }
                continue;
            }
            if (pending.readableBytes() < length) {
                return new Outcome(frames, null);
            }
            int opcode = pending.readUnsignedByte();
            if (Opcode.of(opcode) == null) {
                return fail(frames, Status.UNEXPECTED_MESSAGE);
            }
            int requestId = pending.readInt();
            byte[] body = new byte[(int) length - Frame.HEADER_AFTER_LENGTH];
            pending.readBytes(body);
            frames.add(new Expected(opcode, requestId, body));
            length = -1;
        }
    }

    private Outcome fail(List<Expected> frames, Status status) {
        failed = true;
        return new Outcome(frames, status);
    }
}
