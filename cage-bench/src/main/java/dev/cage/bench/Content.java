package dev.cage.bench;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * The bytes every column writes and must read back. The file is a run of 1 MiB blocks taken from a small
 * pool of random blocks; the first 16 bytes of each block carry the round and the block's index, so a
 * column that returns zeros, stale bytes from an earlier round, or blocks in the wrong place fails the
 * checksum instead of reporting a fast number.
 *
 * <p>Threads: the pool is read-only after construction. A {@link Cursor} stamps blocks in place and is
 * owned by one thread.
 */
final class Content {
    static final int BLOCK = 1 << 20;
    private static final int POOL = 4;
    private static final int STAMP = 16;
    private final byte[][] pool = new byte[POOL][BLOCK];

    Content(long seed) {
        Random r = new Random(seed);
        for (byte[] b : pool) {
            r.nextBytes(b);
        }
    }

    /** Hands out the blocks of one file, for one thread, without copying 1 MiB per block. */
    Cursor cursor() {
        return new Cursor();
    }

    /** The CRC-32C of the whole file a round writes. */
    long checksum(int round, long size) {
        CRC32C crc = new CRC32C();
        Cursor c = cursor();
        for (long at = 0; at < size; at += BLOCK) {
            crc.update(c.block(round, at / BLOCK), 0, length(size, at));
        }
        return crc.getValue();
    }

    /** Bytes of the block at {@code offset}: a whole block except for the last one. */
    static int length(long size, long offset) {
        return (int) Math.min(BLOCK, size - offset);
    }

    /** Copies the file's bytes at {@code [offset, offset+dst.length)} into {@code dst}; must not cross a block. */
    void slice(int round, long offset, byte[] dst) {
        long index = offset / BLOCK;
        int within = (int) (offset % BLOCK);
        requireWithinBlock(within, dst.length);
        System.arraycopy(pool[(int) (index % POOL)], within, dst, 0, dst.length);
        for (int i = within; i < STAMP && i - within < dst.length; i++) {
            dst[i - within] = stampByte(round, index, i);
        }
    }

    /** Whether {@code got} holds the file's bytes at {@code offset}; must not cross a block. */
    boolean matches(int round, long offset, byte[] got) {
        long index = offset / BLOCK;
        int within = (int) (offset % BLOCK);
        requireWithinBlock(within, got.length);
        byte[] b = pool[(int) (index % POOL)];
        int plain = Math.min(Math.max(within, STAMP), within + got.length);
        if (!Arrays.equals(b, plain, within + got.length, got, plain - within, got.length)) {
            return false;
        }
        for (int i = within; i < STAMP && i - within < got.length; i++) {
            if (got[i - within] != stampByte(round, index, i)) {
                return false;
            }
        }
        return true;
    }

    private static void requireWithinBlock(int within, int length) {
        if (within + length > BLOCK) {
            throw new IllegalArgumentException("a slice must not cross a 1 MiB block boundary");
        }
    }

    private static byte stampByte(int round, long index, int i) {
        long v = i < 8 ? round : index;
        return (byte) (v >>> (56 - 8 * (i % 8)));
    }

    /** One thread's private copy of the pool, stamped in place for each block handed out. */
    final class Cursor {
        private final byte[][] own = new byte[POOL][];

        private Cursor() {
            for (int i = 0; i < POOL; i++) {
                own[i] = pool[i].clone();
            }
        }

        /** Block {@code index} of round {@code round}'s file; valid until this cursor hands out the same pool slot. */
        byte[] block(int round, long index) {
            byte[] b = own[(int) (index % POOL)];
            for (int i = 0; i < STAMP; i++) {
                b[i] = stampByte(round, index, i);
            }
            return b;
        }
    }
}
