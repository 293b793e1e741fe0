package dev.cage.fuse;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageInputStream;
import dev.cage.client.CageOutputStream;
import dev.cage.protocol.CageException;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.SpaceInfo;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Pointer;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * A node's tree (or a directory in it) as FUSE operations, through one {@link Cage} client. Each open file is a Cage
 * channel behind a FUSE file handle (see {@link Handle}): writes gather in the client's page cache if it has one, else
 * go out with write-behind; {@code fsync} pushes them to the node's disk, and {@code flush} (every {@code close(2)})
 * waits for them and closes the channel, so another client sees what was written, and may open the file exclusively,
 * as soon as {@code close(2)} returns (the kernel's {@code release} comes later, in the background). A handle used
 * again after that (a duplicated descriptor, a mapping) opens the file again.
 *
 * <p>Open flags map to sharing modes: read-only opens are {@code SHARED_READ}, writable ones {@code SHARED_WRITE},
 * and {@code O_CREAT|O_EXCL} opens the new file {@code EXCLUSIVE}; a conflicting open is {@code EBUSY}. The node keeps
 * no owners, permissions or times set by clients: files show as the mounting user's, {@code 0644} and directories
 * {@code 0755}; {@code chmod}, {@code chown} and {@code utimens} succeed without changing anything, so {@code cp -p}
 * and {@code touch} work.
 */
final class CageFuse extends FuseStubFS {
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;
    private static final int O_EXCL = 0200;
    private static final int BLOCK = 4096;

    private final Cage cage;
    private final String server;
    private final String base;
    private final long uid;
    private final long gid;
    private final Map<Long, Handle> open = new ConcurrentHashMap<>();
    private final AtomicLong handles = new AtomicLong();

    /**
     * @param base the directory of the node's tree to show at the mount point ({@code ""} for the root)
     */
    CageFuse(Cage cage, String server, String base, long uid, long gid) {
        this.cage = cage;
        this.server = server;
        this.base = base.replaceAll("^/+|/+$", "");
        this.uid = uid;
        this.gid = gid;
    }

    /** The node's path for a FUSE path ({@code /a/b} under the mounted directory). */
    private String node(String path) {
        String p = path.replaceAll("^/+", "");
        return base.isEmpty() ? p : p.isEmpty() ? base : base + "/" + p;
    }

    /** A file's size and times, once writes still on their way to it through this mount are acknowledged. */
    @Override
    public int getattr(String path, FileStat stat) {
        try {
            String at = node(path);
            for (Handle h : open.values()) {
                if (h.writableOn(at)) {
                    h.drain();
                }
            }
            fill(stat, cage.stat(server, at));
            return 0;
        } catch (IOException e) {
            return Errno.of(e);
        }
    }

    private void fill(FileStat stat, FileInfo info) {
        boolean dir = info.isDirectory();
        stat.st_mode.set(dir ? FileStat.S_IFDIR | 0755 : FileStat.S_IFREG | 0644);
        stat.st_nlink.set(dir ? 2 : 1);
        stat.st_size.set(info.size());
        stat.st_blocks.set((info.size() + 511) / 512);
        stat.st_uid.set(uid);
        stat.st_gid.set(gid);
        setTime(stat.st_mtim, info.modified().getEpochSecond(), info.modified().getNano());
        setTime(stat.st_ctim, info.modified().getEpochSecond(), info.modified().getNano());
        setTime(stat.st_atim, info.modified().getEpochSecond(), info.modified().getNano());
    }

    private static void setTime(Timespec t, long seconds, long nanos) {
        t.tv_sec.set(seconds);
        t.tv_nsec.set(nanos);
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        try {
            var entries = cage.list(server, node(path));
            filler.apply(buf, ".", null, 0);
            filler.apply(buf, "..", null, 0);
            for (FileInfo f : entries) {
                filler.apply(buf, f.name(), null, 0);
            }
            return 0;
        } catch (CageException e) {
            return Errno.of(e);
        }
    }

    @Override
    public int mkdir(String path, @mode_t long mode) {
        return run(() -> cage.mkdir(server, node(path)));
    }

    @Override
    public int rmdir(String path) {
        return run(() -> cage.rmdir(server, node(path)));
    }

    @Override
    public int unlink(String path) {
        return run(() -> cage.remove(server, node(path)));
    }

    /**
     * The node's rename, which refuses an existing target; as {@code rename(2)} replaces a file, an existing file at
     * the target is removed first (not atomically).
     */
    @Override
    public int rename(String from, String to) {
        return run(() -> {
            try {
                cage.rename(server, node(from), node(to));
            } catch (dev.cage.protocol.CageFileExistsException e) {
                FileInfo target = cage.stat(server, node(to));
                if (target.isDirectory()) {
                    cage.rmdir(server, node(to)); // fails, as rename(2) does, unless it is empty
                } else {
                    cage.remove(server, node(to));
                }
                cage.rename(server, node(from), node(to));
            }
        });
    }

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        boolean exclusive = (fi.flags.get() & O_EXCL) != 0;
        return openAs(path, exclusive ? OpenMode.EXCLUSIVE : OpenMode.SHARED_WRITE, true, fi);
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        boolean readOnly = (fi.flags.get() & O_ACCMODE) == O_RDONLY;
        return openAs(path, readOnly ? OpenMode.SHARED_READ : OpenMode.SHARED_WRITE, false, fi);
    }

    private int openAs(String path, OpenMode mode, boolean create, FuseFileInfo fi) {
        try {
            String at = node(path);
            Handle h = new Handle(at, mode == OpenMode.EXCLUSIVE ? OpenMode.SHARED_WRITE : mode,
                cage.open(server, at, mode, create));
            long handle = handles.incrementAndGet();
            open.put(handle, h);
            fi.fh.set(handle);
            return 0;
        } catch (CageException e) {
            return Errno.of(e);
        }
    }

    /**
     * An open file: its channel, closed at each {@code close(2)} and opened again (never creating) if used after.
     * Without the page cache, writes go out with write-behind ({@link CageOutputStream}) while they follow each other;
     * anything else on the file (a read, a stat, a write elsewhere, a cut, {@code fsync}, {@code close}) first waits
     * until they are acknowledged, and reports an error one of them met. Likewise, from the second read in a row that
     * continues the last, reads come from a read-ahead stream ({@link CageInputStream}); any write or cut drops it.
     */
    private final class Handle {
        private final String path;
        private final OpenMode reopenMode;
        private CageChannel channel;
        private CageOutputStream behind;
        private CageInputStream ahead;
        private long lastReadEnd = -1;

        Handle(String path, OpenMode reopenMode, CageChannel channel) {
            this.path = path;
            this.reopenMode = reopenMode;
            this.channel = channel;
        }

        synchronized CageChannel channel() throws CageException {
            if (channel == null || !channel.isOpen()) {
                channel = cage.open(server, path, reopenMode);
            }
            return channel;
        }

        synchronized boolean writableOn(String at) {
            return reopenMode.writable() && channel != null && channel.isOpen() && channel.path().equals(at);
        }

        synchronized int read(long offset, byte[] dst) throws IOException {
            drain();
            CageChannel ch = channel();
            if (ahead != null && ahead.position() != offset) {
                dropAhead();
            }
            if (ahead == null && offset == lastReadEnd && cage.pageCount() == 0) {
                ahead = cage.inputStream(ch, offset); // read in order: keep the next chunks coming
            }
            int n = ahead != null ? ahead.readNBytes(dst, 0, dst.length) : cage.read(ch, offset, dst, 0, dst.length);
            lastReadEnd = offset + n;
            return n;
        }

        private void dropAhead() {
            if (ahead != null) {
                ahead.close();
                ahead = null;
            }
        }

        synchronized void write(long offset, byte[] bytes) throws IOException {
            dropAhead();
            if (behind != null && behind.position() != offset) {
                drain();
            }
            CageChannel ch = channel();
            if (behind == null && cage.pageCount() > 0) {
                cage.write(ch, offset, bytes); // into the page cache; pushed at close
                return;
            }
            if (behind == null) {
                behind = cage.outputStream(ch, offset);
            }
            behind.write(bytes, 0, bytes.length);
        }

        synchronized void cut(long size) throws IOException {
            drain();
            dropAhead();
            cage.truncate(channel(), size);
        }

        /** Waits until every write sent behind is acknowledged; throws what one of them met. */
        synchronized void drain() throws IOException {
            if (behind != null) {
                dropAhead();
                CageOutputStream out = behind;
                behind = null;
                out.close(); // the stream only: the channel stays open
            }
        }

        /** Pushes what was written and closes the channel; nothing to do if it is closed already. */
        synchronized void closeChannel() throws IOException {
            try {
                drain();
            } finally {
                closeOnly();
            }
        }

        private void closeOnly() throws CageException {
            dropAhead();
            lastReadEnd = -1;
            if (channel != null) {
                CageChannel ch = channel;
                channel = null;
                cage.close(ch);
            }
        }
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        Handle h = open.get(fi.fh.get());
        if (h == null) {
            return -ErrorCodes.EBADF();
        }
        try {
            byte[] bytes = new byte[(int) Math.min(size, Integer.MAX_VALUE)];
            int n = h.read(offset, bytes);
            buf.put(0, bytes, 0, n);
            return n;
        } catch (IOException e) {
            return Errno.of(e);
        }
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        Handle h = open.get(fi.fh.get());
        if (h == null) {
            return -ErrorCodes.EBADF();
        }
        try {
            byte[] bytes = new byte[(int) size];
            buf.get(0, bytes, 0, bytes.length);
            h.write(offset, bytes);
            return bytes.length;
        } catch (IOException e) {
            return Errno.of(e);
        }
    }

    /** Cuts or extends the file: through its open channel if there is one, else through a channel of its own. */
    @Override
    public int truncate(String path, @off_t long size) {
        String at = node(path);
        for (Handle h : open.values()) {
            if (h.writableOn(at)) { // its cached pages are cut too
                return run(() -> h.cut(size));
            }
        }
        return run(() -> {
            CageChannel ch = cage.open(server, at, OpenMode.SHARED_WRITE);
            try {
                cage.truncate(ch, size);
            } finally {
                cage.close(ch);
            }
        });
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        Handle h = open.get(fi.fh.get());
        return h == null ? truncate(path, size) : run(() -> h.cut(size));
    }

    /** Every {@code close(2)} of a descriptor: what it wrote goes to the node, and the file is free for others. */
    @Override
    public int flush(String path, FuseFileInfo fi) {
        Handle h = open.get(fi.fh.get());
        return h == null ? 0 : run(h::closeChannel);
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        Handle h = open.get(fi.fh.get());
        return h == null ? 0 : run(() -> {
            h.drain();
            cage.sync(h.channel());
        });
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        Handle h = open.remove(fi.fh.get());
        return h == null ? 0 : run(h::closeChannel);
    }

    @Override
    public int statfs(String path, Statvfs stat) {
        try {
            SpaceInfo space = cage.space(server);
            stat.f_bsize.set(BLOCK);
            stat.f_frsize.set(BLOCK);
            stat.f_blocks.set(space.total() / BLOCK);
            stat.f_bfree.set(space.unallocated() / BLOCK);
            stat.f_bavail.set(space.usable() / BLOCK);
            stat.f_namemax.set(255);
            return 0;
        } catch (CageException e) {
            return Errno.of(e);
        }
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        return exists(path);
    }

    @Override
    public int chown(String path, long uid, long gid) {
        return exists(path);
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return exists(path);
    }

    private int exists(String path) {
        return run(() -> cage.stat(server, node(path)));
    }

    /** The number of file handles the kernel holds on the mount now. */
    int openFiles() {
        return open.size();
    }

    private interface Call {
        void run() throws IOException;
    }

    private static int run(Call call) {
        try {
            call.run();
            return 0;
        } catch (IOException e) {
            return Errno.of(e);
        }
    }
}
