package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.message.OpenReply;
import dev.cage.protocol.message.OpenRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open file on a server, obtained from {@link Cage#open}. Besides the offset-based calls on
 * {@link Cage}, it is a {@link SeekableByteChannel} with its own position, so it plugs into JDK code
 * ({@code Channels.newInputStream}, {@code transferTo}, ...).
 *
 * <p>If the server restarts, the channel is reopened with its mode when the client logs in again; if
 * that is refused (someone else opened the file exclusively meanwhile), the channel is lost and every
 * later call says why.
 */
public final class CageChannel implements SeekableByteChannel {
    private final Cage cage;
    private final ServerLink link;
    private final OpenMode mode;
    private volatile String path;
    private volatile long handle;
    private volatile boolean open = true;
    private volatile CageException lost;
    private long position;
    private volatile CachedFile cachedFile;
    private long lastReadEnd = -1;
    private final AtomicLong seenVersion = new AtomicLong();
    /** The server's id of the file (as changes and invalidations name it); 0 until known. */
    private volatile long fileId;

    CageChannel(Cage cage, ServerLink link, String path, OpenMode mode, long handle) {
        this.cage = cage;
        this.link = link;
        this.path = path;
        this.mode = mode;
        this.handle = handle;
    }

    public String server() {
        return link.name();
    }

    public String path() {
        return path;
    }

    public OpenMode mode() {
        return mode;
    }

    ServerLink link() {
        return link;
    }

    /** The handle to put in a request, failing if the channel is closed or was lost. */
    long handle() throws CageException {
        requireOpen();
        return handle;
    }

    void requireOpen() throws CageException {
        if (lost != null) {
            throw new ChannelClosedException("channel on '" + server() + ":" + path + "' was lost when the client logged in again: "
                + lost.getMessage());
        }
        if (!open) {
            throw new ChannelClosedException("channel on '" + server() + ":" + path + "' is closed");
        }
    }

    /** Opens the file again after logging in again: by its current path, in its mode, never creating it. */
    OpenRequest reopenRequest() {
        return new OpenRequest(path, mode, false);
    }

    /**
     * After logging in again: the new handle, and what the server now says of the file (on {@code login}, a login the
     * file's cached version does not count in, so the reply's version is taken as it is).
     */
    void rebind(OpenReply opened, long login) {
        handle = opened.handle();
        cage.reattach(this, login, opened.fileId(), opened.version(), opened.size(), cage.pushesHeard());
    }

    CachedFile cachedFile() {
        return cachedFile;
    }

    long fileId() {
        return fileId;
    }

    void fileId(long id) {
        fileId = id;
    }

    /** The server heard from about the file at {@code version} (an open, a read, a write, a truncate). */
    void saw(long version) {
        seenVersion.accumulateAndGet(version, Math::max);
    }

    /**
     * The newest version of the file this client knows of through this channel: what the server said to it, or what
     * the page cache knows of the file. A transaction that begins using the file now begins at this version.
     */
    long knownVersion() {
        CachedFile f = cachedFile;
        return f == null ? seenVersion.get() : Math.max(f.version(), seenVersion.get());
    }

    void setCachedFile(CachedFile f) {
        cachedFile = f;
    }

    long lastReadEnd() {
        return lastReadEnd;
    }

    void setLastReadEnd(long end) {
        lastReadEnd = end;
    }

    void lose(CageException why) {
        lost = why;
    }

    void renamedTo(String newPath) {
        path = newPath;
        CachedFile f = cachedFile;
        if (f != null) {
            f.path = newPath;
        }
    }

    void markClosed() {
        open = false;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int want = dst.remaining();
        if (want == 0) {
            return 0;
        }
        int n;
        if (dst.hasArray()) { // straight into the buffer's array: no copy of our own
            n = cage.read(this, position, dst.array(), dst.arrayOffset() + dst.position(), want);
            dst.position(dst.position() + n);
        } else {
            byte[] b = cage.read(this, position, want);
            dst.put(b);
            n = b.length;
        }
        if (n == 0) {
            return -1;
        }
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!mode.writable()) {
            throw new NonWritableChannelException();
        }
        int n = src.remaining();
        if (src.hasArray()) {
            cage.write(this, position, src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.position() + n);
        } else {
            byte[] b = new byte[n];
            src.get(b);
            cage.write(this, position, b);
        }
        position += n;
        return n;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        requireOpen();
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return cage.stat(this).size();
    }

    /** As the JDK specifies: shrinks the file to {@code size} if it is larger; never grows it. */
    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        if (size < size()) {
            cage.truncate(this, size);
        }
        position = Math.min(position, size);
        return this;
    }

    @Override
    public boolean isOpen() {
        return open && lost == null;
    }

    @Override
    public void close() throws IOException {
        cage.close(this);
    }

    @Override
    public String toString() {
        return "CageChannel[" + server() + ":" + path + " " + mode + (isOpen() ? "" : " closed") + "]";
    }
}
