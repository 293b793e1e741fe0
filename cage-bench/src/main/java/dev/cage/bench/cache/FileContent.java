package dev.cage.bench.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * The bytes of the cache benchmark's file, known without reading it: every 4 KiB block is a slice of a
 * random pool chosen by the block's index, and starts with a 16-byte stamp holding that index. A reader that
 * returns zeros, another block, or another file's bytes fails {@link #matches} instead of reporting a fast
 * figure; in particular a cache that hands out the wrong page is caught, wherever the page lies.
 *
 * <p>Threads: read-only after construction.
 */
final class FileContent {
    /** The stamped unit: every read of the benchmark is a whole number of these. */
    static final int BLOCK = 4096;
    private static final int POOL = 1 << 20;
    private static final int STAMP = 16;
    private final byte[] pool = new byte[POOL + BLOCK];
    private final long salt;

    FileContent(long seed) {
        Random r = new Random(seed);
        r.nextBytes(pool);
        salt = r.nextLong();
    }

    /** Copies the file's bytes at {@code [offset, offset+len)} into {@code dst[off..]}. */
    void fill(long offset, byte[] dst, int off, int len) {
        int done = 0;
        while (done < len) {
            long at = offset + done;
            long block = at / BLOCK;
            int within = (int) (at % BLOCK);
            int n = Math.min(len - done, BLOCK - within);
            System.arraycopy(pool, start(block) + within, dst, off + done, n);
            for (int i = within; i < STAMP && i < within + n; i++) {
                dst[off + done + i - within] = stampByte(block, i);
            }
            done += n;
        }
    }

    /** Whether {@code got[off..off+len)} holds the file's bytes at {@code offset}. */
    boolean matches(long offset, byte[] got, int off, int len) {
        int done = 0;
        while (done < len) {
            long at = offset + done;
            long block = at / BLOCK;
            int within = (int) (at % BLOCK);
            int n = Math.min(len - done, BLOCK - within);
            int g = off + done;
            for (int i = within; i < STAMP && i < within + n; i++) {
                if (got[g + i - within] != stampByte(block, i)) {
                    return false;
                }
            }
            int plain = Math.max(within, STAMP);
            if (plain < within + n) {
                int from = start(block);
                if (!Arrays.equals(pool, from + plain, from + within + n, got, g + plain - within, g + n)) {
                    return false;
                }
            }
            done += n;
        }
        return true;
    }

    /** Writes a file of {@code size} bytes of this content; {@code progress} hears the bytes written. */
    void write(Path file, long size, LongConsumer progress) throws IOException {
        byte[] buf = new byte[1 << 20];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long at = 0; at < size; ) {
                int n = (int) Math.min(buf.length, size - at);
                fill(at, buf, 0, n);
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    at += ch.write(b, at);
                }
                progress.accept(n);
            }
        }
    }

    /** Where block {@code block}'s bytes start in the pool: a 16-byte aligned place spread by a multiplicative hash. */
    private static int start(long block) {
        return (int) Long.remainderUnsigned(block * 0x9E3779B97F4A7C15L, POOL / 16) * 16;
    }

    private byte stampByte(long block, int i) {
        long v = i < 8 ? block : block ^ salt;
        return (byte) (v >>> (56 - 8 * (i % 8)));
    }
}
