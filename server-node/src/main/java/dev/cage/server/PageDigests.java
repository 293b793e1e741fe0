package dev.cage.server;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Digests of a file's pages, for a client checking which of its cached pages are still current. */
final class PageDigests {
    static final int DIGEST_BYTES = 16;

    private PageDigests() {
    }

    /** For each page number in {@code in}: its length and the first 16 bytes of the SHA-256 of its bytes. */
    static void write(FileChannel ch, int pageSize, ByteBuf in, int count, ByteBuf out) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer page = ByteBuffer.allocate(pageSize);
        for (int i = 0; i < count; i++) {
            long pageNo = Wire.readLong(in);
            if (pageNo < 0 || pageNo > Long.MAX_VALUE / pageSize) {
                throw new ProtocolException(dev.cage.protocol.Status.MALFORMED_FRAME, "page number " + pageNo + " out of range");
            }
            page.clear();
            long pos = pageNo * pageSize;
            while (page.hasRemaining()) {
                int n = ch.read(page, pos + page.position());
                if (n < 0) {
                    break;
                }
            }
            page.flip();
            sha.reset();
            sha.update(page);
            out.writeInt(page.limit());
            out.writeBytes(sha.digest(), 0, DIGEST_BYTES);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
