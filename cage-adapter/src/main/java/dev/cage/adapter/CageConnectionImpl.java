package dev.cage.adapter;

import dev.cage.api.CacheStats;
import dev.cage.api.CageConnection;
import dev.cage.api.CageException;
import dev.cage.api.CageFile;
import dev.cage.api.CageJournal;
import dev.cage.api.CageNodeAdmin;
import dev.cage.api.ChannelClosedException;
import dev.cage.api.FileInfo;
import dev.cage.api.InvalidArgumentException;
import dev.cage.api.OpenMode;
import dev.cage.api.TierStats;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import java.util.List;

/**
 * The handle an application holds. Every call goes to the managed connection behind it now (the container may
 * re-point it); inside a transaction, writes and truncates go to that transaction's staged work and reads see
 * it. A closed or cleaned-up handle fails every call with {@link ChannelClosedException}. What the client returns or
 * throws becomes the API's value or exception through {@link ApiTypes}, here and in the journal and admin views.
 */
public class CageConnectionImpl implements CageConnection {
    private volatile CageManagedConnection mc;
    private volatile boolean closed;

    CageConnectionImpl(CageManagedConnection mc) {
        this.mc = mc;
    }

    /** Points the handle at another managed connection; returns the one it left. */
    CageManagedConnection repoint(CageManagedConnection to) {
        CageManagedConnection old = mc;
        mc = to;
        return old;
    }

    void invalidate() {
        closed = true;
    }

    /** Work on the client; it throws the client's exceptions, which {@link #call} turns into the API's. */
    @FunctionalInterface
    interface Call<T> {
        T run(Cage cage, CageTransaction tx) throws dev.cage.protocol.CageException;
    }

    /** Runs work on the managed connection behind the handle now; a client failure leaves as the API's exception. */
    <T> T call(Call<T> call) throws CageException {
        CageManagedConnection m = mc;
        if (closed) {
            throw new ChannelClosedException("this CageConnection is closed; get a new one from the connection factory");
        }
        try {
            return call.run(m.cage(), m.transaction());
        } catch (dev.cage.protocol.CageException e) {
            CageException failure = ApiTypes.exception(e);
            m.failed(failure);
            throw failure;
        }
    }

    private static CageChannel channel(CageFile file) throws CageException {
        if (!(file instanceof OpenedFile f)) {
            throw new InvalidArgumentException("not a file opened through a CageConnection: " + file);
        }
        return f.channel();
    }

    @Override
    public List<String> servers() {
        return mc.cage().servers();
    }

    @Override
    public int pageSize() {
        return mc.cage().pageSize();
    }

    @Override
    public void create(String server, String path) throws CageException {
        call((c, tx) -> { c.create(server, path); return null; });
    }

    @Override
    public void mkdir(String server, String path) throws CageException {
        call((c, tx) -> { c.mkdir(server, path); return null; });
    }

    @Override
    public void rmdir(String server, String path) throws CageException {
        call((c, tx) -> { c.rmdir(server, path); return null; });
    }

    @Override
    public void remove(String server, String path) throws CageException {
        call((c, tx) -> { c.remove(server, path); return null; });
    }

    @Override
    public void rename(String server, String from, String to) throws CageException {
        call((c, tx) -> { c.rename(server, from, to); return null; });
    }

    @Override
    public FileInfo stat(String server, String path) throws CageException {
        return call((c, tx) -> ApiTypes.fileInfo(c.stat(server, path)));
    }

    @Override
    public List<FileInfo> list(String server, String path) throws CageException {
        return call((c, tx) -> ApiTypes.fileInfos(c.list(server, path)));
    }

    @Override
    public CageFile open(String server, String path, OpenMode mode) throws CageException {
        return open(server, path, mode, false);
    }

    @Override
    public CageFile open(String server, String path, OpenMode mode, boolean create) throws CageException {
        CageManagedConnection m = mc;
        return call((c, tx) -> {
            CageChannel ch = c.open(server, path, ApiTypes.mode(mode), create);
            m.opened(ch);
            return new OpenedFile(ch);
        });
    }

    @Override
    public void close(CageFile file) throws CageException {
        CageChannel ch = channel(file);
        call((c, tx) -> { mc.closeChannel(ch); return null; });
    }

    @Override
    public byte[] read(CageFile file, long offset, int length) throws CageException {
        CageChannel ch = channel(file);
        return call((c, tx) -> tx == null ? c.read(ch, offset, length) : tx.read(ch, offset, length));
    }

    @Override
    public int read(CageFile file, long offset, byte[] dst, int off, int len) throws CageException {
        CageChannel ch = channel(file);
        return call((c, tx) -> tx == null ? c.read(ch, offset, dst, off, len) : tx.read(ch, offset, dst, off, len));
    }

    @Override
    public void write(CageFile file, long offset, byte[] data) throws CageException {
        CageChannel ch = channel(file);
        call((c, tx) -> {
            if (tx == null) {
                c.write(ch, offset, data);
            } else {
                tx.write(ch, offset, data);
            }
            return null;
        });
    }

    @Override
    public void truncate(CageFile file, long size) throws CageException {
        CageChannel ch = channel(file);
        call((c, tx) -> {
            if (tx == null) {
                c.truncate(ch, size);
            } else {
                tx.truncate(ch, size);
            }
            return null;
        });
    }

    @Override
    public long size(CageFile file) throws CageException {
        CageChannel ch = channel(file);
        return call((c, tx) -> tx == null ? c.stat(ch).size() : tx.size(ch));
    }

    @Override
    public byte[] readPage(CageFile file, long pageNo) throws CageException {
        CageChannel ch = channel(file);
        return call((c, tx) -> tx == null ? c.readPage(ch, pageNo) : tx.read(ch, pageNo * c.pageSize(), c.pageSize()));
    }

    @Override
    public void writePage(CageFile file, long pageNo, byte[] bytes) throws CageException {
        CageChannel ch = channel(file);
        call((c, tx) -> {
            if (tx == null) {
                c.writePage(ch, pageNo, bytes);
            } else {
                if (bytes.length > c.pageSize()) {
                    throw new dev.cage.protocol.InvalidArgumentException("a page holds at most " + c.pageSize() + " bytes, not " + bytes.length);
                }
                tx.write(ch, pageNo * c.pageSize(), bytes);
            }
            return null;
        });
    }

    @Override
    public void putPages(CageFile file) throws CageException {
        CageChannel ch = channel(file);
        call((c, tx) -> { c.putPages(ch); return null; });
    }

    @Override
    public void pushAll() throws CageException {
        call((c, tx) -> { c.pushAll(); return null; });
    }

    @Override
    public CacheStats cacheStats() {
        return ApiTypes.cacheStats(mc.cage().cacheStats());
    }

    @Override
    public TierStats tierStats() {
        return ApiTypes.tierStats(mc.cage().tierStats());
    }

    @Override
    public CageJournal journal(String server) throws CageException {
        call((c, tx) -> c.journal(server)); // an unknown server name fails here, not at first use
        return new JournalView(this, server);
    }

    @Override
    public CageNodeAdmin admin(String server) throws CageException {
        call((c, tx) -> c.admin(server));
        return new NodeAdminView(this, server);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            mc.handleClosed(this);
        }
    }
}
