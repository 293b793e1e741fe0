package dev.cage.nio;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.CageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A {@link CageChannel} with the rules of the options it was opened with: read or write only as asked, every write at
 * the end for {@code APPEND}, to disk before returning for {@code SYNC}, the file removed at close for
 * {@code DELETE_ON_CLOSE}; and the JDK's exceptions (a closed channel throws {@link ClosedChannelException}).
 */
final class CageByteChannel implements SeekableByteChannel {
    private final CagePath path;
    private final Cage cage;
    private final CageChannel ch;
    private final CageOpenOptions options;

    CageByteChannel(CagePath path, Cage cage, CageChannel ch, CageOpenOptions options) {
        this.path = path;
        this.cage = cage;
        this.ch = ch;
        this.options = options;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        requireOpen();
        if (!options.read()) {
            throw new NonReadableChannelException();
        }
        try {
            return ch.read(dst);
        } catch (CageException e) {
            throw NioErrors.of(e, path, null);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        requireOpen();
        if (!options.write()) {
            throw new NonWritableChannelException();
        }
        try {
            if (options.append()) {
                ch.position(ch.size());
            }
            int n = ch.write(src);
            if (options.sync()) {
                cage.sync(ch);
            }
            return n;
        } catch (CageException e) {
            throw NioErrors.of(e, path, null);
        }
    }

    @Override
    public long position() throws IOException {
        requireOpen();
        return ch.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        requireOpen();
        ch.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        requireOpen();
        try {
            return ch.size();
        } catch (CageException e) {
            throw NioErrors.of(e, path, null);
        }
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        requireOpen();
        if (!options.write()) {
            throw new NonWritableChannelException();
        }
        try {
            ch.truncate(size);
        } catch (CageException e) {
            throw NioErrors.of(e, path, null);
        }
        return this;
    }

    @Override
    public boolean isOpen() {
        return ch.isOpen();
    }

    /** Closes the channel (its cached writes pushed first), then removes the file if opened to be deleted on close. */
    @Override
    public void close() throws IOException {
        if (ch.isOpen()) {
            CageFileSystemProvider.closeChannel(path, ch, options);
        }
    }

    private void requireOpen() throws ClosedChannelException {
        if (!ch.isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
