package dev.cage.server;

import dev.cage.protocol.InvalidPathException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
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

/**
 * {@link Storage} over {@code java.nio.file}, confined to one root by a {@link RootJail}: every key is normalized
 * and checked by the jail (no {@code ..}, not absolute, no symbolic link leading outside) before the file system
 * sees it, so nothing outside the root can be named through it. Operations act relative to directories opened without
 * following links ({@link SecureTree}), so the tree changing under a request cannot lead it outside either; those
 * that the JDK offers no such form of (creating a directory, user attributes, nanosecond times) check the place
 * with a walk just before (creating a directory also right after).
 */
final class RootedStorage implements Storage {
    private final RootJail jail;
    private final SecureTree secure;

    private RootedStorage(RootJail jail) {
        this.jail = jail;
        this.secure = new SecureTree(jail);
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
        return attributesIfAny(key, options) != null;
    }

    @Override
    public boolean isDirectory(String key, LinkOption... options) throws InvalidPathException {
        BasicFileAttributes a = attributesIfAny(key, options);
        return a != null && a.isDirectory();
    }

    @Override
    public boolean isRegularFile(String key, LinkOption... options) throws InvalidPathException {
        BasicFileAttributes a = attributesIfAny(key, options);
        return a != null && a.isRegularFile();
    }

    /** The attributes, or {@code null} where {@code Files.exists} would say false; a key outside is still refused. */
    private BasicFileAttributes attributesIfAny(String key, LinkOption... options) throws InvalidPathException {
        try {
            return attributes(key, options);
        } catch (InvalidPathException e) {
            throw e;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public BasicFileAttributes attributes(String key, LinkOption... options) throws IOException {
        String k = jail.key(key);
        try (SecureTree.Place p = follows(options) ? secure.following(k) : secure.place(k)) {
            return p.isRoot() ? Files.readAttributes(jail.root(), BasicFileAttributes.class) : p.attributes();
        }
    }

    private static boolean follows(LinkOption... options) {
        return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public dev.cage.protocol.SpaceInfo space(String key) throws IOException {
        java.nio.file.FileStore store = Files.getFileStore(resolve(key));
        return new dev.cage.protocol.SpaceInfo(store.getTotalSpace(), store.getUsableSpace(), store.getUnallocatedSpace());
    }

    @Override
    public List<String> list(String key) throws IOException {
        List<String> names = new ArrayList<>();
        try (SecureTree.Place p = secure.following(jail.key(key)); DirectoryStream<Path> ds = directory(p)) {
            for (Path child : ds) {
                names.add(child.getFileName().toString());
            }
        }
        return names;
    }

    /** The directory at a place, opened without following a link (which {@link SecureTree#following} resolved). */
    private static DirectoryStream<Path> directory(SecureTree.Place p) throws IOException {
        return p.isRoot() ? p.dir.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)
            : p.dir.newDirectoryStream(p.name, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean isEmptyDirectory(String key) throws IOException {
        // The listing is closed, so no handle is left open.
        try (SecureTree.Place p = secure.following(jail.key(key)); DirectoryStream<Path> ds = directory(p)) {
            return !ds.iterator().hasNext();
        }
    }

    @Override
    public void createFile(String key) throws IOException {
        try (SecureTree.Place p = secure.place(nonRoot(key));
             SeekableByteChannel created = p.dir.newByteChannel(p.name, Set.of(StandardOpenOption.CREATE_NEW,
                 StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
            // created empty, where the walk stood
        }
    }

    @Override
    public void createDirectory(String key) throws IOException {
        String k = nonRoot(key);
        // The JDK has no mkdirat: check the parent, create by path, and check again that the new directory is where the
        // walk finds it. A swap in between could leave an empty directory outside; the request is then refused.
        try (SecureTree.Place p = secure.place(k)) {
            Files.createDirectory(jail.resolveKey(k, key));
            if (!p.attributes().isDirectory()) {
                throw new InvalidPathException("path '" + k + "' refused: the tree changed while it was being created");
            }
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try (SecureTree.Place p = secure.place(nonRoot(key))) {
            if (p.attributes().isDirectory()) {
                p.dir.deleteDirectory(p.name);
            } else {
                p.dir.deleteFile(p.name);
            }
        }
    }

    @Override
    public boolean deleteIfExists(String key) throws IOException {
        try {
            delete(key);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void move(String from, String to, CopyOption... options) throws IOException {
        move(from, this, to, options);
    }

    /** A rename relative to both directories held open ({@code renameat}); a target is replaced only if asked. */
    private void move(String from, RootedStorage target, String to, CopyOption... options) throws IOException {
        List<CopyOption> asked = Arrays.asList(options);
        try (SecureTree.Place src = secure.place(nonRoot(from)); SecureTree.Place dst = target.secure.place(target.nonRoot(to))) {
            src.attributes(); // NoSuchFileException names the source, not the target
            if (!asked.contains(StandardCopyOption.REPLACE_EXISTING) && !asked.contains(StandardCopyOption.ATOMIC_MOVE)
                && exists(dst)) {
                throw new java.nio.file.FileAlreadyExistsException(to);
            }
            src.dir.move(src.name, dst.dir, dst.name);
        }
    }

    private static boolean exists(SecureTree.Place p) throws IOException {
        try {
            p.attributes();
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void moveTo(String key, Storage target, String targetKey) throws IOException {
        try {
            move(key, rooted(target), targetKey);
        } catch (java.nio.file.AtomicMoveNotSupportedException otherDisk) {
            // The trash is on another disk than the tree: copied, then removed, as Files.move does it.
            copyTo(key, target, targetKey);
            delete(key);
        }
    }

    @Override
    public void copyTo(String key, Storage target, String targetKey) throws IOException {
        RootedStorage to = rooted(target);
        try (FileChannel in = open(key, StandardOpenOption.READ);
             FileChannel out = to.open(targetKey, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            for (long at = 0; at < size; ) {
                at += in.transferTo(at, size - at, out);
            }
        }
    }

    private static RootedStorage rooted(Storage target) {
        if (target instanceof RootedStorage r) {
            return r;
        }
        throw new IllegalArgumentException("a file can only go to another rooted file-system storage, not " + target);
    }

    /** The jail's key, refused for the root itself (which cannot be created, removed or moved). */
    private String nonRoot(String key) throws InvalidPathException {
        String k = jail.key(key);
        if (k.isEmpty()) {
            throw new InvalidPathException("the root itself cannot be created, removed, moved or opened as a file");
        }
        return k;
    }

    @Override
    public byte[] readAllBytes(String key) throws IOException {
        try (FileChannel ch = open(key, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("'" + key + "' is too large to read at once (" + size + " bytes)");
            }
            java.nio.ByteBuffer all = java.nio.ByteBuffer.allocate((int) size);
            while (all.hasRemaining() && ch.read(all) >= 0) {
                // until full or the end
            }
            return all.array().length == all.position() ? all.array() : Arrays.copyOf(all.array(), all.position());
        }
    }

    @Override
    public FileChannel open(String key, OpenOption... options) throws IOException {
        Set<OpenOption> opts = new HashSet<>(Arrays.asList(options));
        boolean createNew = opts.contains(StandardOpenOption.CREATE_NEW);
        boolean follow = opts.remove(LinkOption.NOFOLLOW_LINKS) ? false : !createNew;
        opts.add(LinkOption.NOFOLLOW_LINKS); // what the walk found is what is opened
        String k = nonRoot(key);
        // following: where a key leads (its leaf followed), or where it would be created if nothing is there yet
        try (SecureTree.Place p = follow ? secure.following(k) : secure.place(k)) {
            return (FileChannel) p.dir.newByteChannel(p.name, opts);
        }
    }

    @Override
    public void force(String key) throws IOException {
        String k = jail.key(key);
        if (k.isEmpty()) {
            try (FileChannel ch = FileChannel.open(jail.root(), StandardOpenOption.READ)) {
                ch.force(true);
            }
            return;
        }
        try (SecureTree.Place p = secure.following(k)) {
            BasicFileAttributes a;
            try {
                a = p.attributes();
            } catch (NoSuchFileException renamedOrRemoved) {
                return;
            }
            try (FileChannel ch = (FileChannel) p.dir.newByteChannel(p.name, Set.of(
                a.isDirectory() ? StandardOpenOption.READ : StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                ch.force(true);
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException parentGone) {
            // a directory on the way was renamed or removed since: its new place was touched too
        }
    }

    @Override
    public byte[] readAttribute(String key, String name) throws IOException {
        UserDefinedFileAttributeView view = attributeView(key);
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
        UserDefinedFileAttributeView view = attributeView(key);
        if (view == null) {
            throw new UnsupportedOperationException("the file system of " + jail.root() + " keeps no user attributes");
        }
        view.write(name, ByteBuffer.wrap(value));
    }

    /**
     * A file's user attributes by path (the JDK has no form relative to an open directory), its place checked by a
     * walk first and the file itself never followed if it is a link.
     */
    private UserDefinedFileAttributeView attributeView(String key) throws IOException {
        return Files.getFileAttributeView(checkedPlace(key), UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** The place a key leads to (links followed), checked by a walk that no link was in the way just now. */
    private Path checkedPlace(String key) throws IOException {
        String k = jail.key(key);
        try (SecureTree.Place p = secure.following(k)) {
            return jail.root().resolve(p.isRoot() ? "" : jail.realKey(k, key));
        }
    }

    /**
     * By path after a walk checked the place, as for user attributes: the JDK's form relative to an open directory
     * keeps only microseconds, and a file's version is its modified time to the nanosecond.
     */
    @Override
    public void setModifiedTime(String key, long epochNanos) throws IOException {
        Files.setLastModifiedTime(checkedPlace(key), FileTime.from(epochNanos, TimeUnit.NANOSECONDS));
    }

    @Override
    public void close() {
        secure.close();
    }

    @Override
    public String toString() {
        return "storage rooted at " + jail.root();
    }
}
