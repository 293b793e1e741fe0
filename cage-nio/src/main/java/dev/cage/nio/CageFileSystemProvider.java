package dev.cage.nio;

import static dev.cage.nio.CageFileSystemSettings.SERVER;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.CageException;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.Status;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code cage://} scheme: one {@link CageFileSystem} per node ({@code cage://host:port/}), made by
 * {@code FileSystems.newFileSystem(uri, env)} (settings in {@link CageFileSystemSettings}) and found again by
 * {@code Path.of(uri)} until it is closed. Registered through {@code META-INF/services}.
 *
 * <p>What differs from a local file system is listed in the README ("cage:// file system"): no symbolic links, no
 * owners or permissions, times set by the node, no watch service; a move onto an existing file with
 * {@code ATOMIC_MOVE} is refused rather than replacing it.
 */
public final class CageFileSystemProvider extends FileSystemProvider {
    public static final String SCHEME = "cage";
    private static final Set<OpenOption> WRITE_NEW = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);

    private final Map<String, CageFileSystem> systems = new HashMap<>();

    @Override
    public String getScheme() {
        return SCHEME;
    }

    /**
     * Logs in to the node {@code uri} names (so wrong credentials or an unreachable node fail here) and files the new
     * file system under its host and port.
     *
     * @throws FileSystemAlreadyExistsException if one is open for that node already
     */
    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        checkScheme(uri);
        String key = CageFileSystem.key(uri.getHost(), uri.getPort());
        synchronized (systems) {
            if (systems.containsKey(key)) {
                throw new FileSystemAlreadyExistsException(key);
            }
            Cage cage = CageFileSystemSettings.client(uri, env);
            try {
                cage.stat(SERVER, "");
            } catch (CageException e) {
                cage.close();
                throw e;
            }
            CageFileSystem fs = new CageFileSystem(this, uri.getHost(), uri.getPort(), cage);
            systems.put(key, fs);
            return fs;
        }
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        checkScheme(uri);
        synchronized (systems) {
            CageFileSystem fs = systems.get(CageFileSystem.key(uri.getHost(), uri.getPort()));
            if (fs == null) {
                throw new FileSystemNotFoundException(uri + ": no cage:// file system is open for this node");
            }
            return fs;
        }
    }

    void forget(CageFileSystem fs) {
        synchronized (systems) {
            systems.remove(CageFileSystem.key(fs.host(), fs.port()), fs);
        }
    }

    @Override
    public Path getPath(URI uri) {
        String path = uri.getPath();
        return getFileSystem(uri).getPath(path == null || path.isEmpty() ? "/" : path);
    }

    // ---- bytes

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
        throws IOException {
        refuse(attrs);
        CagePath p = cagePath(path);
        CageOpenOptions o = CageOpenOptions.of(options);
        return new CageByteChannel(p, p.getFileSystem().cage(), open(p, o), o);
    }

    /** A stream with read-ahead (see {@code Cage.inputStream}); closing it closes its channel. */
    @Override
    public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
        for (OpenOption o : options) {
            if (o == StandardOpenOption.WRITE || o == StandardOpenOption.APPEND) {
                throw new UnsupportedOperationException("'" + o + "' not allowed");
            }
        }
        CagePath p = cagePath(path);
        CageOpenOptions o = CageOpenOptions.of(new HashSet<>(Arrays.asList(options)));
        Cage cage = p.getFileSystem().cage();
        CageChannel ch = open(p, o);
        try {
            return new FilterInputStream(cage.inputStream(ch, 0)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        closeChannel(p, ch, o);
                    }
                }
            };
        } catch (CageException e) {
            closeQuietly(ch, e);
            throw NioErrors.of(e, p, null);
        }
    }

    /**
     * A stream with write-behind (see {@code Cage.outputStream}): its writes are acknowledged at the latest when it is
     * flushed or closed, and an error may surface only there. A file it replaces (the default) is cut when the stream
     * is closed or grows past a chunk, so that a small file costs the open and one more round trip
     * ({@link CageFileOutputStream}). Closing it closes its channel.
     */
    @Override
    public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
        Set<OpenOption> opts = new HashSet<>(options.length == 0 ? WRITE_NEW : Arrays.asList(options));
        if (opts.contains(StandardOpenOption.READ)) {
            throw new IllegalArgumentException("READ not allowed");
        }
        opts.add(StandardOpenOption.WRITE);
        CagePath p = cagePath(path);
        CageOpenOptions o = CageOpenOptions.of(opts);
        if (o.sync()) { // every write to disk before it returns: no write-behind
            return java.nio.channels.Channels.newOutputStream(newByteChannel(p, opts));
        }
        Cage cage = p.getFileSystem().cage();
        if (o.truncate()) {
            CageChannel ch = open(p, o.withoutTruncate());
            return new CageFileOutputStream(p, cage, ch, o);
        }
        CageChannel ch = open(p, o);
        try {
            OutputStream out = cage.outputStream(ch, o.append() ? cage.stat(ch).size() : 0);
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len); // FilterOutputStream would write byte by byte
                }

                @Override
                public void close() throws IOException {
                    try {
                        out.close();
                    } finally {
                        closeChannel(p, ch, o);
                    }
                }
            };
        } catch (CageException e) {
            closeQuietly(ch, e);
            throw NioErrors.of(e, p, null);
        }
    }

    /** Opens (creating, cutting) as {@code o} says, with the node's errors as NIO's. */
    private static CageChannel open(CagePath p, CageOpenOptions o) throws IOException {
        Cage cage = p.getFileSystem().cage();
        String at = p.nodePath();
        try {
            if (o.createNew()) {
                cage.create(SERVER, at);
            }
            CageChannel ch = cage.open(SERVER, at, o.mode(), o.create());
            if (o.truncate()) {
                try {
                    cage.truncate(ch, 0);
                } catch (CageException e) {
                    closeQuietly(ch, e);
                    throw e;
                }
            }
            return ch;
        } catch (CageException e) {
            throw NioErrors.of(e, p, null);
        }
    }

    /**
     * Closes a channel opened with {@code o} (pushing its cached writes; nothing if it is closed already), then removes
     * the file if it was opened with {@code DELETE_ON_CLOSE}: the one way the provider's channels and streams end.
     */
    static void closeChannel(CagePath p, CageChannel ch, CageOpenOptions o) throws IOException {
        try {
            ch.close();
            if (o.deleteOnClose()) {
                p.getFileSystem().cage().remove(SERVER, p.nodePath());
            }
        } catch (CageException e) {
            throw NioErrors.of(e, p, null);
        }
    }

    private static void closeQuietly(CageChannel ch, Exception failure) {
        try {
            ch.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    // ---- names

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
        throws IOException {
        CagePath d = cagePath(dir);
        try {
            List<FileInfo> entries = d.getFileSystem().cage().list(SERVER, d.nodePath());
            return new CageDirectoryStream(d, entries, filter);
        } catch (CageException e) {
            throw NioErrors.of(e, d, null);
        }
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        refuse(attrs);
        CagePath d = cagePath(dir);
        try {
            d.getFileSystem().cage().mkdir(SERVER, d.nodePath());
        } catch (CageException e) {
            throw NioErrors.of(e, d, null);
        }
    }

    /** Removes a file, or an empty directory (one round trip for a file, two for a directory). */
    @Override
    public void delete(Path path) throws IOException {
        CagePath p = cagePath(path);
        Cage cage = p.getFileSystem().cage();
        try {
            cage.remove(SERVER, p.nodePath());
        } catch (CageException e) {
            if (e.status() != Status.IS_A_DIRECTORY) {
                throw NioErrors.of(e, p, null);
            }
            try {
                cage.rmdir(SERVER, p.nodePath());
            } catch (CageException again) {
                throw NioErrors.of(again, p, null);
            }
        }
    }

    /**
     * Copies a file's bytes through this client (a directory is copied as a new empty one, as the JDK does).
     * {@code COPY_ATTRIBUTES} copies nothing more: the node sets times itself.
     */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        CagePath s = cagePath(source);
        CagePath t = cagePath(target);
        List<CopyOption> opts = List.of(options);
        if (opts.contains(StandardCopyOption.ATOMIC_MOVE)) {
            throw new UnsupportedOperationException("ATOMIC_MOVE is an option of move, not copy");
        }
        BasicFileAttributes from = readAttributes(s, BasicFileAttributes.class);
        if (isSameFile(s, t)) {
            return;
        }
        clearTarget(t, opts.contains(StandardCopyOption.REPLACE_EXISTING));
        if (from.isDirectory()) {
            createDirectory(t);
            return;
        }
        try (InputStream in = newInputStream(s);
             OutputStream out = newOutputStream(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.transferTo(out);
        }
    }

    /**
     * Within one node, a rename (atomic; open channels follow the file). With {@code REPLACE_EXISTING} an existing
     * target is removed first, which is not atomic; with {@code ATOMIC_MOVE} an existing target is refused. Between
     * nodes, a copy and a delete.
     */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        CagePath s = cagePath(source);
        CagePath t = cagePath(target);
        List<CopyOption> opts = List.of(options);
        boolean atomic = opts.contains(StandardCopyOption.ATOMIC_MOVE);
        if (s.getFileSystem() != t.getFileSystem()) {
            if (atomic) {
                throw new AtomicMoveNotSupportedException(s.toString(), t.toString(), "the paths are on different nodes");
            }
            copy(s, t, opts.stream().filter(o -> o != StandardCopyOption.COPY_ATTRIBUTES).toArray(CopyOption[]::new));
            delete(s);
            return;
        }
        if (isSameFile(s, t)) {
            return;
        }
        if (!atomic) {
            clearTarget(t, opts.contains(StandardCopyOption.REPLACE_EXISTING));
        }
        try {
            s.getFileSystem().cage().rename(SERVER, s.nodePath(), t.nodePath());
        } catch (CageException e) {
            throw NioErrors.of(e, s, t);
        }
    }

    /** Makes way for a copy or move to {@code t}: removes what is there if {@code replace}, else refuses. */
    private void clearTarget(CagePath t, boolean replace) throws IOException {
        if (!exists(t)) {
            return;
        }
        if (!replace) {
            throw new FileAlreadyExistsException(t.toString());
        }
        delete(t);
    }

    private boolean exists(CagePath p) throws IOException {
        try {
            readAttributes(p, BasicFileAttributes.class);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public boolean isSameFile(Path a, Path b) throws IOException {
        if (a.equals(b)) {
            return true;
        }
        if (!(a instanceof CagePath pa) || !(b instanceof CagePath pb) || pa.getFileSystem() != pb.getFileSystem()) {
            return false;
        }
        return pa.toAbsolutePath().normalize().equals(pb.toAbsolutePath().normalize()) && exists(pa);
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = cagePath(path).getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        CagePath p = cagePath(path);
        readAttributes(p, BasicFileAttributes.class);
        return p.getFileSystem().store();
    }

    /** Checks that the file exists; the node reports no permissions, so access is decided when it is used. */
    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        readAttributes(path, BasicFileAttributes.class);
    }

    // ---- attributes

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return type == BasicFileAttributeView.class ? (V) new CageFileAttributeView(cagePath(path)) : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
        throws IOException {
        if (!type.isAssignableFrom(CageFileAttributes.class)) {
            throw new UnsupportedOperationException(type.getSimpleName() + ": a node reports basic attributes only");
        }
        CagePath p = cagePath(path);
        try {
            return (A) new CageFileAttributes(p.getFileSystem().cage().stat(SERVER, p.nodePath()));
        } catch (CageException e) {
            throw NioErrors.of(e, p, null);
        }
    }

    /** {@code basic:*}, {@code *}, or named basic attributes such as {@code size,lastModifiedTime}. */
    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        int colon = attributes.indexOf(':');
        String view = colon < 0 ? "basic" : attributes.substring(0, colon);
        if (!view.equals("basic")) {
            throw new UnsupportedOperationException("view '" + view + "': a node reports basic attributes only");
        }
        Map<String, Object> all = ((CageFileAttributes) readAttributes(path, BasicFileAttributes.class)).asMap();
        Map<String, Object> wanted = new java.util.LinkedHashMap<>();
        for (String name : attributes.substring(colon + 1).split(",")) {
            if (name.equals("*")) {
                wanted.putAll(all);
            } else if (all.containsKey(name)) {
                wanted.put(name, all.get(name));
            } else {
                throw new IllegalArgumentException("'" + name + "' is not a basic attribute");
            }
        }
        return wanted;
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new UnsupportedOperationException("a node sets file attributes itself");
    }

    // ---- helpers

    private static CagePath cagePath(Path path) {
        if (path instanceof CagePath p) {
            return p;
        }
        throw new ProviderMismatchException("'" + path + "' is not a cage:// path");
    }

    private static void checkScheme(URI uri) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("'" + uri + "' is not a cage:// URI");
        }
    }

    private static void refuse(FileAttribute<?>[] attrs) {
        if (attrs.length > 0) {
            throw new UnsupportedOperationException("a node takes no initial file attributes: " + attrs[0].name());
        }
    }
}
