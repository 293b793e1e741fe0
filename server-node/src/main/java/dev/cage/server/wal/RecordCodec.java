package dev.cage.server.wal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one record, and reading it back with its checksum verified.
 *
 * <pre>
 *  offset 0        1        2                    6                    10
 *         +--------+--------+--------------------+--------------------+=========================+
 *         | magic  |  type  |   payload length   |       CRC32C       |  payload (length bytes) |
 *         |  0xC1  | 0..255 |  (u32, big-endian) |  (u32, big-endian) |                         |
 *         +--------+--------+--------------------+--------------------+=========================+
 *         |&lt;------------- header, 10 bytes --------------------------&gt;|
 *
 *  CRC32C covers header bytes 0..5 (magic, type, length) followed by the payload.
 * </pre>
 *
 * The magic byte doubles as the format version (high nibble 0xC for Cage, low nibble the version, 1). It is never
 * zero, so a zero-filled region can never pass for a record; a record's length is in its own checksum, so a torn or
 * flipped length is caught like any other damage.
 */
final class RecordCodec {
    static final int HEADER_SIZE = 10;
    static final byte MAGIC = (byte) 0xC1;
    private static final int CRC_OFFSET = 6;
    /** Checksums of records found on disk are computed through a buffer of this size, not the record's. */
    private static final int SCRATCH_SIZE = 1 << 20;

    private RecordCodec() {
    }

    /** The sum of the payload buffers' remaining bytes. */
    static long length(ByteBuffer[] payload) {
        long length = 0;
        for (ByteBuffer b : payload) {
            length += b.remaining();
        }
        return length;
    }

    /**
     * The header for a record of {@code type} whose payload is {@code payload} ({@code length} bytes), with its
     * checksum. The payload buffers are read through duplicates: their positions do not move and nothing is copied.
     */
    static ByteBuffer header(int type, ByteBuffer[] payload, int length) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        header.put(MAGIC).put((byte) type).putInt(length);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, CRC_OFFSET);
        for (ByteBuffer b : payload) {
            crc.update(b.duplicate());
        }
        header.putInt((int) crc.getValue());
        return header.flip();
    }

    /** What is found at an offset of a segment. */
    sealed interface Found permits Valid, End, Invalid {
    }

    /** A record that passed its checksum; {@code size} counts the header. */
    record Valid(int type, int length, long size) implements Found {
    }

    /** The offset is the end of the readable bytes. */
    record End() implements Found {
    }

    /**
     * Not a valid record: {@code cutShort} when the header or payload runs past the readable bytes, otherwise the
     * magic, length or checksum is wrong.
     */
    record Invalid(boolean cutShort, String why) implements Found {
    }

    /**
     * Checks the record at {@code offset} without keeping its payload (recovery scans segments with it).
     *
     * @param limit   the end of the readable bytes
     * @param scratch a heap buffer the checksum is computed through
     */
    static Found check(FileChannel channel, long offset, long limit, int maxRecordSize, ByteBuffer scratch)
        throws IOException {
        if (offset == limit) {
            return new End();
        }
        if (limit - offset < HEADER_SIZE) {
            return new Invalid(true, "header cut short: " + (limit - offset) + " of " + HEADER_SIZE + " bytes");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        readFully(channel, header, offset);
        Found bad = checkHeader(header, offset, limit, maxRecordSize);
        if (bad != null) {
            return bad;
        }
        int length = header.getInt(2);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, CRC_OFFSET);
        for (long at = offset + HEADER_SIZE, end = at + length; at < end; ) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), end - at));
            readFully(channel, scratch, at);
            at += scratch.position();
            crc.update(scratch.array(), 0, scratch.position());
        }
        if ((int) crc.getValue() != header.getInt(CRC_OFFSET)) {
            return new Invalid(false, "checksum mismatch");
        }
        return new Valid(header.get(1) & 0xFF, length, HEADER_SIZE + (long) length);
    }

    /** A heap buffer for {@link #check}. */
    static ByteBuffer scratch() {
        return ByteBuffer.allocate(SCRATCH_SIZE);
    }

    /**
     * Reads the record at {@code position}, checksum verified.
     *
     * @param limit the end of the readable bytes of the segment
     * @param file  the segment's file, for the message
     * @throws LogCorruptedException if there is no valid record there
     */
    static LogRecord read(FileChannel channel, LogPosition position, long limit, int maxRecordSize, Path file)
        throws IOException {
        long offset = position.offset();
        if (limit - offset < HEADER_SIZE) {
            throw new LogCorruptedException(file, offset, "no record here: header cut short, "
                + Math.max(0, limit - offset) + " of " + HEADER_SIZE + " bytes before the end");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        readFully(channel, header, offset);
        Invalid bad = checkHeader(header, offset, limit, maxRecordSize);
        if (bad != null) {
            throw new LogCorruptedException(file, offset, "no valid record here: " + bad.why());
        }
        int length = header.getInt(2);
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, offset + HEADER_SIZE);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, CRC_OFFSET);
        crc.update(payload.array(), 0, length);
        if ((int) crc.getValue() != header.getInt(CRC_OFFSET)) {
            throw new LogCorruptedException(file, offset, "checksum mismatch");
        }
        return new LogRecord(position, header.get(1) & 0xFF, payload.flip().asReadOnlyBuffer());
    }

    private static Invalid checkHeader(ByteBuffer header, long offset, long limit, int maxRecordSize) {
        if (header.get(0) != MAGIC) {
            return new Invalid(false, String.format("bad magic byte 0x%02x", header.get(0) & 0xFF));
        }
        long length = header.getInt(2) & 0xFFFF_FFFFL;
        if (length > maxRecordSize) {
            // Cut short if it would also run past the end: a torn length is the likelier story at the tail.
            return new Invalid(offset + HEADER_SIZE + length > limit, "payload length " + length
                + " above the maximum " + maxRecordSize);
        }
        if (offset + HEADER_SIZE + length > limit) {
            return new Invalid(true, "payload cut short: " + (limit - offset - HEADER_SIZE) + " of " + length
                + " bytes");
        }
        return null;
    }

    /**
     * The first offset after {@code from} (and before {@code limit}) where a valid record starts, or -1. Used after
     * damage to tell a torn tail (nothing valid follows) from a damaged record with valid ones after it.
     */
    static long findValidAfter(FileChannel channel, long from, long limit, int maxRecordSize) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(64 << 10);
        ByteBuffer scratch = scratch();
        for (long base = from + 1; base < limit; base += window.position()) {
            window.clear().limit((int) Math.min(window.capacity(), limit - base));
            readFully(channel, window, base);
            for (int i = 0; i < window.position(); i++) {
                if (window.get(i) == MAGIC
                    && check(channel, base + i, limit, maxRecordSize, scratch) instanceof Valid) {
                    return base + i;
                }
            }
        }
        return -1;
    }

    /** Whether every byte in {@code [from, limit)} is zero. */
    static boolean allZero(FileChannel channel, long from, long limit) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(64 << 10);
        for (long base = from; base < limit; base += window.position()) {
            window.clear().limit((int) Math.min(window.capacity(), limit - base));
            readFully(channel, window, base);
            for (int i = 0; i < window.position(); i++) {
                if (window.get(i) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Fills {@code buffer} from {@code position}; the caller has checked the bytes are there. */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("segment ended at " + at + " while reading " + buffer.remaining()
                    + " more bytes (was it truncated while open?)");
            }
            at += n;
        }
    }
}
