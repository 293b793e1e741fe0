package dev.cage.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reading and resizing a file's bytes the way every path that changes files needs it: the plain write and truncate,
 * a transaction's commit, a rollback and crash recovery.
 */
final class FileBytes {
    private FileBytes() {
    }

    /** The bytes of [offset, offset+length) as the file holds them now; zeros past its end. */
    static byte[] read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                break;
            }
        }
        return b.array();
    }

    /** The bytes a write of {@code length} bytes at {@code offset} replaces in a file of {@code size} bytes (undo data). */
    static byte[] overwritten(FileChannel ch, long offset, int length, long size) throws IOException {
        return read(ch, offset, (int) Math.max(0, Math.min(length, size - offset)));
    }

    /** Cuts the file from {@code size} to {@code newSize} bytes, or extends it with zeros, as ftruncate does. */
    static void resize(FileChannel ch, long size, long newSize) throws IOException {
        if (newSize < size) {
            ch.truncate(newSize);
        } else if (newSize > size) {
            ch.write(ByteBuffer.allocate(1), newSize - 1);
        }
    }
}
