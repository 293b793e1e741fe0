package dev.cage.ejb;

import dev.cage.api.CageConnectionFactory;
import dev.cage.api.CageFile;
import dev.cage.api.FileInfo;
import dev.cage.api.OpenMode;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A node's tree as an administrator browses it: list, stat, make directories, rename, remove, and whole files
 * streamed down or up in chunks (never held in memory whole). Not transactional: each change is applied (and
 * journaled by the node) at once. Streams are passed by reference: call this bean locally.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class FileBrowser {
    /** Bytes moved per read or write call. */
    static final int CHUNK = 256 * 1024;

    @Resource(name = CageAdmin.FACTORY, lookup = CageAdmin.FACTORY)
    private CageConnectionFactory factory;

    public List<FileInfo> list(String server, String dir) throws CageAdminException {
        return with(c -> c.list(server, dir));
    }

    public FileInfo stat(String server, String path) throws CageAdminException {
        return with(c -> c.stat(server, path));
    }

    public void mkdir(String server, String path) throws CageAdminException {
        with(c -> {
            c.mkdir(server, path);
            return null;
        });
    }

    public void rename(String server, String from, String to) throws CageAdminException {
        with(c -> {
            c.rename(server, from, to);
            return null;
        });
    }

    /** Removes a file, or an empty directory. */
    public void remove(String server, String path) throws CageAdminException {
        with(c -> {
            if (c.stat(server, path).isDirectory()) {
                c.rmdir(server, path);
            } else {
                c.remove(server, path);
            }
            return null;
        });
    }

    /**
     * Copies a file's bytes to {@code out}, opened {@link OpenMode#SHARED_READ} (writers elsewhere go on).
     *
     * @return the number of bytes copied
     */
    public long download(String server, String path, OutputStream out) throws CageAdminException, IOException {
        Copied copied = with(c -> {
            CageFile f = c.open(server, path, OpenMode.SHARED_READ);
            try {
                byte[] chunk = new byte[CHUNK];
                long offset = 0;
                for (int n; (n = c.read(f, offset, chunk, 0, chunk.length)) > 0; offset += n) {
                    try {
                        out.write(chunk, 0, n);
                    } catch (IOException e) {
                        return new Copied(offset, e); // the receiver went away
                    }
                }
                return new Copied(offset, null);
            } finally {
                c.close(f);
            }
        });
        if (copied.failure() != null) {
            throw copied.failure();
        }
        return copied.bytes();
    }

    /**
     * Replaces a file's content (creating it if needed) with the bytes of {@code in}, opened
     * {@link OpenMode#EXCLUSIVE} so no one sees it half written.
     *
     * @return the number of bytes written
     */
    public long upload(String server, String path, InputStream in) throws CageAdminException, IOException {
        Copied copied = with(c -> {
            CageFile f = c.open(server, path, OpenMode.EXCLUSIVE, true);
            try {
                c.truncate(f, 0);
                byte[] chunk = new byte[CHUNK];
                long offset = 0;
                while (true) {
                    int n;
                    try {
                        n = in.readNBytes(chunk, 0, chunk.length);
                    } catch (IOException e) {
                        return new Copied(offset, e); // the sender went away: the file keeps what arrived
                    }
                    if (n == 0) {
                        return new Copied(offset, null);
                    }
                    c.write(f, offset, n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n));
                    offset += n;
                }
            } finally {
                c.close(f);
            }
        });
        if (copied.failure() != null) {
            throw copied.failure();
        }
        return copied.bytes();
    }

    private record Copied(long bytes, IOException failure) {
    }

    private <T> T with(Connections.Work<T> work) throws CageAdminException {
        return Connections.with(factory, work);
    }
}
