package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.Frame;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client of one or more Cage server nodes. One instance talks to many files on many servers at once,
 * and many instances (with different settings) may live in one process. Paths are relative to the
 * server's root and use {@code /}; {@code ""} is the root.
 *
 * <pre>{@code
 * try (Cage cage = Cage.builder()
 *         .server("files", new ServerSpec("127.0.0.1", 7070, "admin", secret))
 *         .build()) {
 *     CageChannel ch = cage.open("files", "docs/report.txt", OpenMode.EXCLUSIVE, true);
 *     cage.write(ch, 0, "hello".getBytes(UTF_8));
 *     byte[] back = cage.read(ch, 0, 5);
 *     cage.close(ch);
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. Every failure is a {@link CageException} whose subtype names its kind.
 */
public final class Cage implements AutoCloseable {
    private final String name;
    private final int pageSize;
    private final int pageCount;
    private final int maxMessageSize;
    private final Duration responseTimeout;
    private final Path hibernationFile;
    private final boolean wakeFromHibernation;
    private final Map<String, ServerLink> links = new LinkedHashMap<>();
    private volatile boolean closed;

    private Cage(Builder b) throws CageException {
        this.name = b.name;
        this.pageSize = b.pageSize;
        this.pageCount = b.pageCount;
        this.maxMessageSize = b.maxMessageSize;
        this.responseTimeout = b.responseTimeout;
        this.hibernationFile = b.hibernationFile;
        this.wakeFromHibernation = b.wakeFromHibernation;
        for (Map.Entry<String, ServerSpec> e : b.servers.entrySet()) {
            links.put(e.getKey(), new ServerLink(e.getKey(), e.getValue(), maxMessageSize, responseTimeout.toMillis()));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- namespace ----

    /** Creates an empty file; fails if it exists or its directory does not. */
    public void create(String server, String path) throws CageException {
        simple(server, Opcode.CREATE, path);
    }

    public void mkdir(String server, String path) throws CageException {
        simple(server, Opcode.MKDIR, path);
    }

    /** Removes an empty directory. */
    public void rmdir(String server, String path) throws CageException {
        simple(server, Opcode.RMDIR, path);
    }

    /** Removes a file; refused with {@code FileBusyException} while any channel has it open. */
    public void remove(String server, String path) throws CageException {
        simple(server, Opcode.REMOVE, path);
    }

    /**
     * Renames a file or directory; fails if the target exists. An open file may be renamed and its
     * channels follow it; a directory with open files inside may not.
     */
    public void rename(String server, String from, String to) throws CageException {
        ServerLink link = link(server);
        link.call(Opcode.RENAME, out -> {
            Wire.writeString(out, from);
            Wire.writeString(out, to);
        }, false).release();
        link.renamed(from, to);
    }

    public FileInfo stat(String server, String path) throws CageException {
        Frame reply = link(server).call(Opcode.STAT, out -> Wire.writeString(out, path), true);
        try {
            return FileInfo.readFrom(reply.body());
        } finally {
            reply.release();
        }
    }

    /** The entries of a directory, sorted by name. */
    public List<FileInfo> list(String server, String path) throws CageException {
        Frame reply = link(server).call(Opcode.LIST, out -> Wire.writeString(out, path), true);
        try {
            int n = Wire.readInt(reply.body());
            List<FileInfo> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(FileInfo.readFrom(reply.body()));
            }
            return entries;
        } finally {
            reply.release();
        }
    }

    // ---- channels ----

    /** Opens an existing file. A conflicting open fails at once with {@code SharingConflictException}. */
    public CageChannel open(String server, String path, OpenMode mode) throws CageException {
        return open(server, path, mode, false);
    }

    /** Opens a file, creating it first if {@code create} is set and it does not exist. */
    public CageChannel open(String server, String path, OpenMode mode, boolean create) throws CageException {
        Objects.requireNonNull(mode, "mode");
        ServerLink link = link(server);
        Frame reply = link.call(Opcode.OPEN, out -> {
            Wire.writeString(out, path);
            out.writeByte(mode.code());
            out.writeByte(create ? 1 : 0);
        }, true);
        try {
            CageChannel ch = new CageChannel(this, link, path, mode, Wire.readLong(reply.body()));
            link.register(ch);
            return ch;
        } finally {
            reply.release();
        }
    }

    /** Closes a channel; closing a closed channel does nothing. */
    public void close(CageChannel ch) throws CageException {
        if (!ch.isOpen()) {
            ch.markClosed();
            ch.link().unregister(ch);
            return;
        }
        try {
            ch.link().call(Opcode.CLOSE, ch::writeHandle, true).release();
        } catch (dev.cage.protocol.ServerUnavailableException e) {
            // The session is gone, and with it the server's side of the channel.
        } finally {
            ch.markClosed();
            ch.link().unregister(ch);
        }
    }

    /** Reads up to {@code length} bytes at {@code offset}; fewer only at the end of the file. */
    public byte[] read(CageChannel ch, long offset, int length) throws CageException {
        byte[] dst = new byte[length];
        int n = read(ch, offset, dst, 0, length);
        return n == length ? dst : Arrays.copyOf(dst, n);
    }

    /**
     * Reads into {@code dst[off..off+len)} from {@code offset}; returns the bytes read, fewer than
     * {@code len} only at the end of the file. Large reads are split and pipelined.
     */
    public int read(CageChannel ch, long offset, byte[] dst, int off, int len) throws CageException {
        checkRange(offset, dst.length, off, len);
        ServerLink link = ch.link();
        int chunk = link.maxData();
        List<ServerLink.Pending> inFlight = new ArrayList<>();
        for (int done = 0; done < len; done += chunk) {
            long at = offset + done;
            int n = Math.min(chunk, len - done);
            inFlight.add(link.start(Opcode.READ, readBody(ch, at, n)));
        }
        int total = 0;
        boolean eof = false;
        for (int i = 0; i < inFlight.size(); i++) {
            long at = offset + (long) i * chunk;
            int n = Math.min(chunk, len - i * chunk);
            Frame reply;
            try {
                reply = link.finish(inFlight.get(i), Opcode.READ);
            } catch (dev.cage.protocol.ServerUnavailableException lostInFlight) {
                reply = link.call(Opcode.READ, readBody(ch, at, n), true); // logs in again and repeats
            }
            try {
                Wire.readLong(reply.body()); // version, for the page cache
                int got = reply.body().readableBytes();
                if (!eof) {
                    reply.body().readBytes(dst, off + i * chunk, got);
                    total += got;
                    eof = got < n;
                }
            } finally {
                reply.release();
            }
        }
        return total;
    }

    private static ServerLink.Body readBody(CageChannel ch, long at, int n) {
        return out -> {
            ch.writeHandle(out);
            out.writeLong(at).writeInt(n);
        };
    }

    public void write(CageChannel ch, long offset, byte[] data) throws CageException {
        write(ch, offset, data, 0, data.length);
    }

    /** Writes {@code src[off..off+len)} at {@code offset}, extending the file if needed; large writes are pipelined. */
    public void write(CageChannel ch, long offset, byte[] src, int off, int len) throws CageException {
        checkRange(offset, src.length, off, len);
        ServerLink link = ch.link();
        int chunk = link.maxData();
        List<ServerLink.Pending> inFlight = new ArrayList<>();
        for (int done = 0; done < len || (len == 0 && done == 0); done += Math.max(chunk, 1)) {
            inFlight.add(link.start(Opcode.WRITE, writeBody(ch, offset + done, src, off + done, Math.min(chunk, len - done))));
            if (len == 0) {
                break;
            }
        }
        for (int i = 0; i < inFlight.size(); i++) {
            try {
                link.finish(inFlight.get(i), Opcode.WRITE).release();
            } catch (dev.cage.protocol.ServerUnavailableException lostInFlight) {
                int done = i * chunk;
                link.call(Opcode.WRITE, writeBody(ch, offset + done, src, off + done, Math.min(chunk, len - done)), true).release();
            }
        }
    }

    private static ServerLink.Body writeBody(CageChannel ch, long at, byte[] src, int from, int n) {
        return out -> {
            ch.writeHandle(out);
            out.writeLong(at);
            out.writeBytes(src, from, n);
        };
    }

    /** Sets the file's size: cuts it, or extends it with zero bytes. */
    public void truncate(CageChannel ch, long size) throws CageException {
        if (size < 0) {
            throw new InvalidArgumentException("negative size " + size);
        }
        ch.link().call(Opcode.TRUNCATE, out -> {
            ch.writeHandle(out);
            out.writeLong(size);
        }, true).release();
    }

    /** Forces the file's bytes to the server's disk. */
    public void sync(CageChannel ch) throws CageException {
        ch.link().call(Opcode.SYNC, ch::writeHandle, true).release();
    }

    public FileInfo stat(CageChannel ch) throws CageException {
        Frame reply = ch.link().call(Opcode.FSTAT, ch::writeHandle, true);
        try {
            return FileInfo.readFrom(reply.body());
        } finally {
            reply.release();
        }
    }

    // ---- settings ----

    public String name() {
        return name;
    }

    public int pageSize() {
        return pageSize;
    }

    public int pageCount() {
        return pageCount;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    public Path hibernationFile() {
        return hibernationFile;
    }

    public boolean wakeFromHibernation() {
        return wakeFromHibernation;
    }

    public List<String> servers() {
        return List.copyOf(links.keySet());
    }

    /** Closes every channel and connection; the instance cannot be used afterwards. */
    @Override
    public void close() {
        closed = true;
        for (ServerLink l : links.values()) {
            l.close();
        }
    }

    private void simple(String server, Opcode op, String path) throws CageException {
        link(server).call(op, out -> Wire.writeString(out, path), false).release();
    }

    private ServerLink link(String server) throws CageException {
        if (closed) {
            throw new dev.cage.protocol.ChannelClosedException("Cage '" + name + "' is closed");
        }
        ServerLink l = links.get(server);
        if (l == null) {
            throw new InvalidArgumentException("no server named '" + server + "' in Cage '" + name + "'; known: " + links.keySet());
        }
        return l;
    }

    private static void checkRange(long offset, int arrayLength, int off, int len) throws InvalidArgumentException {
        if (offset < 0) {
            throw new InvalidArgumentException("negative offset " + offset);
        }
        if (off < 0 || len < 0 || off > arrayLength - len) {
            throw new InvalidArgumentException("range [" + off + ", " + off + "+" + len + ") is outside an array of " + arrayLength);
        }
    }

    /** Builds a {@link Cage}; every setting has a default except the servers. */
    public static final class Builder {
        private String name = "cage";
        private int pageSize = 64 * 1024;
        private int pageCount = 1024;
        private int maxMessageSize = Protocol.DEFAULT_MAX_FRAME_SIZE;
        private Duration responseTimeout = Duration.ofSeconds(10);
        private Path hibernationFile;
        private boolean wakeFromHibernation;
        private final Map<String, ServerSpec> servers = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder name(String n) {
            this.name = Objects.requireNonNull(n, "name");
            return this;
        }

        /** Bytes per cache page: a power of two from 512 bytes to 16 MiB. */
        public Builder pageSize(int bytes) {
            requireArgument(bytes >= 512 && bytes <= (16 << 20) && Integer.bitCount(bytes) == 1,
                "page size must be a power of two from 512 to 16 MiB, not " + bytes);
            this.pageSize = bytes;
            return this;
        }

        /** Pages the cache holds. */
        public Builder pageCount(int pages) {
            requireArgument(pages > 0, "page count must be positive, not " + pages);
            this.pageCount = pages;
            return this;
        }

        /** Largest frame this client sends or accepts (data per request is a little less). */
        public Builder maxMessageSize(int bytes) {
            requireArgument(bytes >= 4096, "maximum message size must be at least 4096 bytes, not " + bytes);
            this.maxMessageSize = bytes;
            return this;
        }

        /** How long a call may wait for its answer, logging in again included. */
        public Builder responseTimeout(Duration d) {
            requireArgument(d != null && !d.isNegative() && !d.isZero(), "response timeout must be positive");
            this.responseTimeout = d;
            return this;
        }

        /** The file the page cache hibernates to. */
        public Builder hibernationFile(Path file) {
            this.hibernationFile = file;
            return this;
        }

        /** Whether to wake from the hibernation file when built. */
        public Builder wakeFromHibernation(boolean wake) {
            this.wakeFromHibernation = wake;
            return this;
        }

        /** Adds a named server. */
        public Builder server(String serverName, ServerSpec spec) {
            requireArgument(serverName != null && !serverName.isBlank(), "server name must not be blank");
            servers.put(serverName, Objects.requireNonNull(spec, "spec"));
            return this;
        }

        public Builder server(String serverName, String host, int port, String user, String secret) {
            return server(serverName, new ServerSpec(host, port, user, secret));
        }

        /** Builds the client. No connection is made until the first call to a server. */
        public Cage build() throws CageException {
            requireArgument(!servers.isEmpty(), "a Cage needs at least one server");
            requireArgument(wakeFromHibernation ? hibernationFile != null : true,
                "waking from hibernation needs a hibernation file");
            return new Cage(this);
        }

        private static void requireArgument(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
