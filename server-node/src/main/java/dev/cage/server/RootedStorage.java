package dev.cage.server;

import dev.cage.protocol.InvalidPathException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@link Storage} over {@code java.nio.file}, confined to one root by a {@link RootJail}: every key is normalized
 * and checked by the jail (no {@code ..}, not absolute, no symbolic link leading outside) before the file system
 * sees it, so nothing outside the root can be named through it.
 */
final class RootedStorage implements Storage {
    private final RootJail jail;

    private RootedStorage(RootJail jail) {
        this.jail = jail;
    }

    /** Storage rooted at {@code root}, creating the directory (and its parents) if it is missing. */
    static RootedStorage open(Path root) throws IOException {
        Files.createDirectories(root);
        return new RootedStorage(new RootJail(root));
    }

    /** The jail this storage is confined by, for the code that checks client paths before calling it. */
    RootJail jail() {
        return jail;
    }

    @Override
    public Path resolve(String key) throws InvalidPathException {
        return jail.resolveKey(jail.key(key), key);
    }

    @Override
    public String keyOf(Path place) throws InvalidPathException {
        Path root = jail.root();
        if (!place.isAbsolute() || !place.normalize().equals(place) || !place.startsWith(root)) {
            throw new InvalidPathException("place '" + place + "' refused: it is not inside the root");
        }
        return jail.keyOf(place);
    }

    @Override
    public boolean exists(String key, LinkOption... options) throws InvalidPathException {
        return Files.exists(resolve(key), options);
    }

    @Override
    public boolean isDirectory(String key, LinkOption... options) throws InvalidPathException {
        return Files.isDirectory(resolve(key), options);
    }

    @Override
    public boolean isRegularFile(String key, LinkOption... options) throws InvalidPathException {
        return Files.isRegularFile(resolve(key), options);
    }

    @Override
    public BasicFileAttributes attributes(String key, LinkOption... options) throws IOException {
        return Files.readAttributes(resolve(key), BasicFileAttributes.class, options);
    }

    @Override
    public dev.cage.protocol.SpaceInfo space(String key) throws IOException {
        java.nio.file.FileStore store = Files.getFileStore(resolve(key));
        return new dev.cage.protocol.SpaceInfo(store.getTotalSpace(), store.getUsableSpace(), store.getUnallocatedSpace());
    }

    @Override
    public List<String> list(String key) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(resolve(key))) {
            for (Path child : ds) {
                names.add(child.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public boolean isEmptyDirectory(String key) throws IOException {
        // The listing is closed, so no handle is left open.
        try (Stream<Path> s = Files.list(resolve(key))) {
            return s.findAny().isEmpty();
        }
    }

    @Override
    public void createFile(String key) throws IOException {
        Files.createFile(resolve(key));
    }

    @Override
    public void createDirectory(String key) throws IOException {
        Files.createDirectory(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.delete(resolve(key));
    }

    @Override
    public boolean deleteIfExists(String key) throws IOException {
        return Files.deleteIfExists(resolve(key));
    }

    @Override
    public void move(String from, String to, CopyOption... options) throws IOException {
        Files.move(resolve(from), resolve(to), options);
    }

    @Override
    public void moveTo(String key, Storage target, String targetKey) throws IOException {
        Files.move(resolve(key), rooted(target).resolve(targetKey));
    }

    @Override
    public void copyTo(String key, Storage target, String targetKey) throws IOException {
        Files.copy(resolve(key), rooted(target).resolve(targetKey));
    }

    private static RootedStorage rooted(Storage target) {
        if (target instanceof RootedStorage r) {
            return r;
        }
        throw new IllegalArgumentException("a file can only go to another rooted file-system storage, not " + target);
    }

    @Override
    public byte[] readAllBytes(String key) throws IOException {
        return Files.readAllBytes(resolve(key));
    }

    @Override
    public FileChannel open(String key, OpenOption... options) throws IOException {
        return FileChannel.open(resolve(key), options);
    }

    @Override
    public void force(String key) throws IOException {
        Path p = resolve(key);
        if (!Files.exists(p)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(p, Files.isDirectory(p) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    @Override
    public byte[] readAttribute(String key, String name) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(resolve(key), UserDefinedFileAttributeView.class);
        if (view == null) {
            return null;
        }
        try {
            ByteBuffer value = ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            return value.array();
        } catch (FileSystemException e) {
            return null; // no such attribute (ENODATA), or none kept here (ENOTSUP)
        }
    }

    @Override
    public void writeAttribute(String key, String name, byte[] value) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(resolve(key), UserDefinedFileAttributeView.class);
        if (view == null) {
            throw new UnsupportedOperationException("the file system of " + jail.root() + " keeps no user attributes");
        }
        view.write(name, ByteBuffer.wrap(value));
    }

    @Override
    public void setModifiedTime(String key, long epochNanos) throws IOException {
        Files.setLastModifiedTime(resolve(key), FileTime.from(epochNanos, TimeUnit.NANOSECONDS));
    }

    @Override
    public String toString() {
        return "storage rooted at " + jail.root();
    }
}
