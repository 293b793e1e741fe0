package dev.cage.server.group;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The index of the last log entry this member applied to its files, kept in a file of its own so that a restart
 * applies each entry after it once more at most: Ratis replays its log from the start, and entries up to this index
 * are skipped. The one entry in doubt (applied, index not yet written) is applied again, which every change allows
 * (a write rewrites the same bytes; a create, remove or rename that already happened fails harmlessly).
 *
 * <p>Written with a plain write, not forced: it survives the process being killed; a power loss is covered by the
 * journal's recovery, not by this file (see the README's replication section).
 */
final class AppliedIndex implements AutoCloseable {
    private final FileChannel file;
    private final ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES);
    private volatile long index;

    AppliedIndex(Path path) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer b = ByteBuffer.allocate(Long.BYTES);
        while (b.hasRemaining() && file.read(b, b.position()) > 0) {
            // read what is there
        }
        this.index = b.hasRemaining() ? -1 : b.flip().getLong();
    }

    long get() {
        return index;
    }

    /** Called by the one thread that applies entries, in index order. */
    void set(long value) throws IOException {
        buffer.clear().putLong(value).flip();
        while (buffer.hasRemaining()) {
            file.write(buffer, buffer.position());
        }
        index = value;
    }

    /** Forces the index to disk (before a snapshot lets Ratis drop the log up to it). */
    void force() throws IOException {
        file.force(true);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
