package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.message.ReadReply;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Reads a channel's file sequentially from a position, with read-ahead: READs of frame-sized chunks for the
 * positions that follow are kept in flight, up to a window, so the node reads and sends the next chunks while the
 * caller consumes this one, as in an SFTP download. Bytes are copied once, from the reply to the caller's array.
 *
 * <p>The read-ahead stops at the first short answer (the end of the file as the node saw it then). On a channel with
 * the page cache reads go through the cache ({@link Cage#read}). Closing the stream does not close the channel.
 * Not thread-safe: one reader at a time.
 */
public final class CageInputStream extends InputStream {
    private final Cage cage;
    private final CageChannel ch;
    private final int chunkSize;
    private final int window;
    private final ArrayDeque<Transfers.InFlight> inFlight = new ArrayDeque<>();
    /** The reply being consumed and its unread bytes, or {@code null}. */
    private Frame current;
    private ByteBuf data;
    /** Where the next READ asks from. */
    private long ahead;
    /** Where the caller's next byte comes from. */
    private long position;
    private boolean endSeen;
    private boolean closed;

    /** Made by {@link Cage}, which checks the channel, the position and the window. */
    CageInputStream(Cage cage, CageChannel ch, long position, int window, int chunkSize) {
        this.cage = cage;
        this.ch = ch;
        this.position = position;
        this.ahead = position;
        this.window = window;
        this.chunkSize = chunkSize;
    }

    /** Where the next byte comes from. */
    public long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        if (closed) {
            throw new IOException("the stream is closed");
        }
        ch.requireOpen();
        if (len == 0) {
            return 0;
        }
        if (ch.cachedFile() != null) {
            int n = cage.read(ch, position, dst, off, len);
            position += n;
            return n == 0 ? -1 : n;
        }
        if ((data == null || !data.isReadable()) && !nextReply()) {
            return -1;
        }
        int n = Math.min(len, data.readableBytes());
        data.readBytes(dst, off, n);
        position += n;
        return n;
    }

    /** Moves to the next chunk's reply, keeping the window full; false at the end of the file. */
    private boolean nextReply() throws CageException {
        releaseCurrent();
        while (!endSeen && inFlight.size() < window) {
            inFlight.add(Transfers.startRead(ch, new Transfers.Segment(ahead, null, 0, chunkSize)));
            ahead += chunkSize;
        }
        Transfers.InFlight next = inFlight.poll();
        if (next == null) {
            return false;
        }
        current = Transfers.finishRead(ch, next);
        ReadReply read = ReadReply.decode(current.body());
        ch.saw(read.version());
        data = read.data();
        if (data.readableBytes() < chunkSize) {
            endSeen = true; // what was asked beyond it comes back empty or is dropped at close
        }
        return data.isReadable();
    }

    private void releaseCurrent() {
        if (current != null) {
            current.release();
            current = null;
            data = null;
        }
    }

    /** Drops the read-ahead; the channel stays open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseCurrent();
        Transfers.abandon(inFlight);
    }
}
