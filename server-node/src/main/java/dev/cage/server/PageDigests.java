package dev.cage.server;

import dev.cage.protocol.message.ChecksumsReply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Digests of a file's pages, for a client checking which of its cached pages are still current. */
final class PageDigests {
    private static final int CHUNK_BYTES = 64 * 1024;
    private PageDigests() {
    }

    /**
     * For each page number (already checked to fit the file's offsets): its length and the first
     * {@value ChecksumsReply#DIGEST_BYTES} bytes of the SHA-256 of its bytes.
     */
    static ChecksumsReply of(FileChannel ch, int pageSize, List<Long> pageNumbers) throws IOException {
        MessageDigest sha = sha256();
        // A page is digested in chunks: a request's memory does not grow with the page size it names.
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(pageSize, CHUNK_BYTES));
        List<ChecksumsReply.Page> out = new ArrayList<>(pageNumbers.size());
        for (long pageNo : pageNumbers) {
            long start = pageNo * pageSize;
            int length = 0;
            sha.reset();
            while (length < pageSize) {
                chunk.clear().limit(Math.min(chunk.capacity(), pageSize - length));
                int n = ch.read(chunk, start + length);
                if (n < 0) {
                    break;
                }
                chunk.flip();
                sha.update(chunk);
                length += n;
            }
            out.add(new ChecksumsReply.Page(length, Arrays.copyOf(sha.digest(), ChecksumsReply.DIGEST_BYTES)));
        }
        return new ChecksumsReply(out);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
