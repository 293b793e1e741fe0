package dev.cage.crash;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Self-describing 4 KiB blocks: each names the unit it belongs to, the sequence number of the write that put it
 * there and its place in that write, and is filled with bytes derived from those three and closed by a CRC32C. Any
 * version of any block can be recognised, and a block that is torn, shifted, zeroed or made of another write's bytes
 * cannot pass for one.
 *
 * <pre>
 *   0  magic "KILL9BLK"     8 bytes
 *   8  unit id              int
 *  12  sequence number      long
 *  20  block index in write int
 *  24  filler               4064 bytes, from a generator seeded with (unit, seq, index)
 * 4088 CRC32C of 0..4088    long
 * </pre>
 */
final class Stamp {
    static final int BLOCK = 4096;
    private static final long MAGIC = 0x4B494C4C39424C4BL; // "KILL9BLK"
    private static final int FILLER_AT = 24;
    private static final int CRC_AT = BLOCK - Long.BYTES;

    /** What a block says about itself. */
    record Parsed(int unit, long seq, int index) {
    }

    private Stamp() {
    }

    /** The bytes of write {@code seq} of {@code unit}, which is {@code blocks} blocks long. */
    static byte[] of(int unit, long seq, int blocks) {
        byte[] b = new byte[blocks * BLOCK];
        for (int i = 0; i < blocks; i++) {
            fill(b, i * BLOCK, unit, seq, i);
        }
        return b;
    }

    private static void fill(byte[] dst, int at, int unit, long seq, int index) {
        ByteBuffer b = ByteBuffer.wrap(dst, at, BLOCK);
        b.putLong(MAGIC).putInt(unit).putLong(seq).putInt(index);
        SplittableRandom filler = new SplittableRandom(mix(unit, seq, index));
        for (int p = FILLER_AT; p < CRC_AT; p += Long.BYTES) {
            b.putLong(filler.nextLong());
        }
        CRC32C crc = new CRC32C();
        crc.update(dst, at, CRC_AT);
        b.putLong(crc.getValue());
    }

    /**
     * What the block at {@code at} is, or {@code null} if it is not exactly a block this class wrote: wrong magic,
     * wrong checksum, or any byte that differs from the block its header names.
     */
    static Parsed parse(byte[] src, int at) {
        ByteBuffer b = ByteBuffer.wrap(src, at, BLOCK);
        if (b.getLong() != MAGIC) {
            return null;
        }
        int unit = b.getInt();
        long seq = b.getLong();
        int index = b.getInt();
        if (index < 0 || seq < 0) {
            return null;
        }
        byte[] expected = new byte[BLOCK];
        fill(expected, 0, unit, seq, index);
        return Arrays.equals(src, at, at + BLOCK, expected, 0, BLOCK) ? new Parsed(unit, seq, index) : null;
    }

    /** Whether the block at {@code at} is all zero bytes (what extending a file by truncate leaves). */
    static boolean isZeros(byte[] src, int at) {
        for (int i = at; i < at + BLOCK; i++) {
            if (src[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A short description of the block at {@code at}, for failure messages. */
    static String describe(byte[] src, int at) {
        if (isZeros(src, at)) {
            return "zeros";
        }
        Parsed p = parse(src, at);
        if (p != null) {
            return "unit " + p.unit() + " seq " + p.seq() + " block " + p.index();
        }
        ByteBuffer b = ByteBuffer.wrap(src, at, BLOCK);
        return String.format("garbage (first 24 bytes %s)",
            java.util.HexFormat.of().formatHex(src, at, at + 24)) + (b.getLong() == MAGIC ? ", magic intact" : "");
    }

    private static long mix(int unit, long seq, int index) {
        long h = unit * 0x9E3779B97F4A7C15L ^ seq * 0xC2B2AE3D27D4EB4FL ^ index * 0x165667B19E3779F9L;
        return h ^ (h >>> 31);
    }
}
