package dev.cage.nio;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.CageException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * What {@code Files.newOutputStream} gives for a file it replaces (the default {@code TRUNCATE_EXISTING}): the bytes
 * gather here up to {@value #GATHER} bytes, so a small file is written, cut to its length and closed in one round trip
 * at close ({@link Cage#replaceAndClose}); past that, or at a {@link #flush}, the file is cut and the rest streams with
 * write-behind ({@link Cage#outputStream}). Closing it closes the channel.
 */
final class CageFileOutputStream extends OutputStream {
    /** One stream chunk: a file up to this size needs no stream. */
    static final int GATHER = 1 << 20;

    private final CagePath path;
    private final Cage cage;
    private final CageChannel ch;
    private final CageOpenOptions options;
    private byte[] gathered = new byte[8192];
    private int count;
    private OutputStream stream;
    private boolean closed;

    /** {@code options}: how the channel was opened (what its closing does besides: {@code DELETE_ON_CLOSE}). */
    CageFileOutputStream(CagePath path, Cage cage, CageChannel ch, CageOpenOptions options) {
        this.path = path;
        this.cage = cage;
        this.ch = ch;
        this.options = options;
    }

    @Override
    public void write(int b) throws IOException {
        if (!closed && stream == null && count < gathered.length) { // a byte at a time is common: no array for it
            gathered[count++] = (byte) b;
            return;
        }
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the stream is closed");
        }
        if (stream == null && count + len <= GATHER) {
            if (count + len > gathered.length) {
                gathered = Arrays.copyOf(gathered, Math.min(GATHER, Math.max(count + len, 2 * gathered.length)));
            }
            System.arraycopy(b, off, gathered, count, len);
            count += len;
            return;
        }
        try {
            streaming().write(b, off, len);
        } catch (CageException e) {
            throw NioErrors.of(e, path, null);
        }
    }

    /** The bytes so far go to the node and are acknowledged; from now on the file streams. */
    @Override
    public void flush() throws IOException {
        if (closed) {
            return;
        }
        try {
            streaming().flush();
        } catch (CageException e) {
            throw NioErrors.of(e, path, null);
        }
    }

    private OutputStream streaming() throws IOException {
        if (stream == null) {
            cage.truncate(ch, 0);
            stream = cage.outputStream(ch, 0);
            stream.write(gathered, 0, count);
            gathered = null;
        }
        return stream;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (stream == null) {
                cage.replaceAndClose(ch, Arrays.copyOf(gathered, count));
            } else {
                stream.close();
            }
        } catch (CageException e) {
            throw NioErrors.of(e, path, null);
        } finally {
            CageFileSystemProvider.closeChannel(path, ch, options); // replaceAndClose closed it already
        }
    }
}
