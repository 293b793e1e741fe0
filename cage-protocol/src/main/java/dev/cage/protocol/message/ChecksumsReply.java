package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply to {@link ChecksumsRequest}: one entry per page asked for, in the order asked. The count is the
 * request's, so it is not repeated.
 *
 * <pre>
 * +-----------------------------------------------------------+
 * | count x ( int32 length | 16 bytes: SHA-256 of the page's  |
 * |                        | bytes, cut to its first 16 )     |
 * +-----------------------------------------------------------+
 * </pre>
 */
public record ChecksumsReply(List<Page> pages) implements Message {
    /** Bytes of the SHA-256 that are sent. */
    public static final int DIGEST_BYTES = 16;

    /** One page: how many bytes it holds (fewer than a page at the end of the file) and their digest. */
    public record Page(int length, byte[] digest) {
        public Page {
            if (digest.length != DIGEST_BYTES) {
                throw new IllegalArgumentException("a page digest is " + DIGEST_BYTES + " bytes, not " + digest.length);
            }
        }
    }

    public ChecksumsReply {
        pages = List.copyOf(pages);
    }

    @Override
    public void encode(ByteBuf out) {
        for (Page p : pages) {
            out.writeInt(p.length()).writeBytes(p.digest());
        }
    }

    /** Reads the digests of {@code count} pages, the number the request asked for. */
    public static ChecksumsReply decode(ByteBuf in, int count) throws ProtocolException {
        List<Page> pages = new ArrayList<>(Math.min(count, in.readableBytes() / (Integer.BYTES + DIGEST_BYTES)));
        for (int i = 0; i < count; i++) {
            int length = Wire.readInt(in);
            Wire.need(in, DIGEST_BYTES);
            byte[] digest = new byte[DIGEST_BYTES];
            in.readBytes(digest);
            pages.add(new Page(length, digest));
        }
        Wire.end(in);
        return new ChecksumsReply(pages);
    }
}
