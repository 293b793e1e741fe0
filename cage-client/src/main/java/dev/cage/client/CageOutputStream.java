package dev.cage.client;

import dev.cage.protocol.CageException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * Writes a channel's file sequentially from a position, with write-behind: bytes are gathered into frame-sized
 * chunks, and each full chunk goes to the node as one WRITE without waiting for its answer, up to a window of
 * chunks in flight; the wire, the node's disk and the caller's next bytes overlap, as in an SFTP upload.
 *
 * <p>A write's failure surfaces at a later call: the next write that has to wait for room in the window, or
 * {@link #flush} / {@link #close}, which return only once every byte written so far is acknowledged. On a channel
 * with the page cache the bytes go through the cache instead ({@link Cage#write}), and flush pushes them.
 * Closing the stream does not close the channel. Not thread-safe: one writer at a time.
 */
public final class CageOutputStream extends OutputStream {
    private final Cage cage;
    private final CageChannel ch;
    private final int chunkSize;
    private final int window;
    private final ArrayDeque<Transfers.InFlight> inFlight = new ArrayDeque<>();
    /** Arrays of acknowledged chunks, reused for the next ones. */
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private byte[] chunk;
    private int filled;
    private long position;
    private boolean closed;

    /** Made by {@link Cage}, which checks the channel, the position and the window. */
    CageOutputStream(Cage cage, CageChannel ch, long position, int window, int chunkSize) {
        this.cage = cage;
        this.ch = ch;
        this.position = position;
        this.window = window;
        this.chunkSize = chunkSize;
    }

    /** Where the next byte goes. */
    public long position() {
        return position + filled;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] src, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        requireOpen();
        if (ch.cachedFile() != null) {
            cage.write(ch, position, src, off, len);
            position += len;
            return;
        }
        while (len > 0) {
            if (chunk == null) {
                chunk = spare.isEmpty() ? new byte[chunkSize] : spare.poll();
            }
            int n = Math.min(len, chunkSize - filled);
            System.arraycopy(src, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == chunkSize) {
                send();
            }
        }
    }

    /** Sends what is gathered and waits until the node has acknowledged every byte written so far. */
    @Override
    public void flush() throws IOException {
        requireOpen();
        if (ch.cachedFile() != null) {
            cage.putPages(ch);
            return;
        }
        if (filled > 0) {
            send();
        }
        while (!inFlight.isEmpty()) {
            finishOldest();
        }
    }

    /** Flushes; the channel stays open. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            Transfers.abandon(inFlight); // after a failure: the rest is not waited for
        }
    }

    private void send() throws CageException {
        while (inFlight.size() >= window) {
            finishOldest();
        }
        inFlight.add(Transfers.startWrite(ch, new Transfers.Segment(position, chunk, 0, filled)));
        position += filled;
        chunk = null;
        filled = 0;
    }

    private void finishOldest() throws CageException {
        Transfers.InFlight w = inFlight.poll();
        Transfers.finishWrite(ch, w);
        if (spare.size() < 2) {
            spare.add(w.segment().buf());
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("the stream is closed");
        }
        ch.requireOpen();
    }
}
