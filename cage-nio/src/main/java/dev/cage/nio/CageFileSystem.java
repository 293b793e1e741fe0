package dev.cage.nio;

import dev.cage.client.Cage;
import java.io.IOException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

/**
 * One node's tree as a {@link FileSystem}, reached through a {@link Cage} client of its own (closed with the file
 * system, and with it every channel and stream still open).
 */
final class CageFileSystem extends FileSystem {
    private final CageFileSystemProvider provider;
    private final String host;
    private final int port;
    private final Cage cage;
    private final CageFileStore store;
    private volatile boolean open = true;

    CageFileSystem(CageFileSystemProvider provider, String host, int port, Cage cage) {
        this.provider = provider;
        this.host = host;
        this.port = port;
        this.cage = cage;
        this.store = new CageFileStore(this);
    }

    /** The key the provider files this file system under: one per node. */
    static String key(String host, int port) {
        return host + ":" + port;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** The client, once this file system is known to be open. */
    Cage cage() {
        if (!open) {
            throw new ClosedFileSystemException();
        }
        return cage;
    }

    CageFileStore store() {
        return store;
    }

    @Override
    public CageFileSystemProvider provider() {
        return provider;
    }

    /** Closes the client (and every channel and stream opened through this file system). */
    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            provider.forget(this);
            cage.close();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(CagePath.root(this));
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of(store);
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic");
    }

    /** As {@link java.nio.file.Paths#get}: the parts joined with {@code /}, empty parts left out. */
    @Override
    public Path getPath(String first, String... more) {
        StringBuilder b = new StringBuilder(first);
        for (String m : more) {
            if (!m.isEmpty()) {
                b.append(b.length() == 0 ? "" : "/").append(m);
            }
        }
        return CagePath.parse(this, b.toString());
    }

    /**
     * {@code glob:} and {@code regex:} as the platform's file system reads them, applied to the path's text (its
     * separator is {@code /}, as on Unix).
     */
    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher platform = FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
        return p -> platform.matches(Path.of(p.toString()));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("a node reports no file owners");
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("cage:// paths cannot be watched");
    }

    @Override
    public String toString() {
        return CageFileSystemProvider.SCHEME + "://" + key(host, port) + "/";
    }
}
