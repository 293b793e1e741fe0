package dev.cage.server;

import dev.cage.protocol.InvalidPathException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The node's one way to the disk: the files and directories under one root, named by key. A key is a path
 * relative to the root with {@code /} between its elements, as {@link RootJail#key} makes it from a client path
 * ({@code ""} names the root itself); the journal stores the same keys. Every operation confines its keys to the
 * root: a key with {@code ..}, an absolute key, or one that leads through a symbolic link to outside the root (or
 * through one that cannot be resolved) is refused with {@link InvalidPathException}, as {@link RootJail} refuses it.
 *
 * <p>Each operation does what the {@link java.nio.file.Files} method of the same name does at the key's place,
 * and fails the same way. Validating client paths and journaling stay with the callers, around this seam.
 *
 * <p>The node has two areas: the served tree and the trash (where removed files are kept for a rollback), one
 * instance each; {@link #moveTo} and {@link #copyTo} carry a file from one to the other.
 */
interface Storage extends java.io.Closeable {
    /**
     * The jail-checked file-system place of a key, for code that has to name it (an open file's state, the
     * checkpoint's list of what to force): not a way around this seam to the disk.
     */
    Path resolve(String key) throws InvalidPathException;

    /** The key of a place inside the root (as {@link #resolve} gives it); refused if it is not inside. */
    String keyOf(Path place) throws InvalidPathException;

    boolean exists(String key, LinkOption... options) throws InvalidPathException;

    boolean isDirectory(String key, LinkOption... options) throws InvalidPathException;

    boolean isRegularFile(String key, LinkOption... options) throws InvalidPathException;

    BasicFileAttributes attributes(String key, LinkOption... options) throws IOException;

    /** The space of the disk {@code key} lies on: its size, what may still be written, what no file holds. */
    dev.cage.protocol.SpaceInfo space(String key) throws IOException;

    /** The names of a directory's entries, in the order the file system lists them. */
    List<String> list(String key) throws IOException;

    /** Whether a directory has no entries; no handle is left open. */
    boolean isEmptyDirectory(String key) throws IOException;

    void createFile(String key) throws IOException;

    void createDirectory(String key) throws IOException;

    /** Deletes a file, or a directory that is empty. */
    void delete(String key) throws IOException;

    boolean deleteIfExists(String key) throws IOException;

    /** Moves or renames within this root. */
    void move(String from, String to, CopyOption... options) throws IOException;

    /** Moves {@code key} to {@code targetKey} in another area (the tree to the trash), as {@code Files.move} does. */
    void moveTo(String key, Storage target, String targetKey) throws IOException;

    /** Copies the file {@code key} to {@code targetKey} in another area (the trash to the tree), as {@code Files.copy} does. */
    void copyTo(String key, Storage target, String targetKey) throws IOException;

    byte[] readAllBytes(String key) throws IOException;

    FileChannel open(String key, OpenOption... options) throws IOException;

    /**
     * The value of a file's user-defined attribute (an extended attribute, {@code user.NAME} on Linux), or
     * {@code null} if it has none or the file system keeps none.
     */
    byte[] readAttribute(String key, String name) throws IOException;

    /** Sets a file's user-defined attribute; fails if the file system keeps none. */
    void writeAttribute(String key, String name, byte[] value) throws IOException;

    /** Sets a file's last-modified time, to the nanosecond where the file system keeps it so finely. */
    void setModifiedTime(String key, long epochNanos) throws IOException;

    /**
     * Forces a file's bytes, or a directory's entries, to the disk; does nothing if there is nothing at the key
     * (following links), as when it was renamed or removed since it changed.
     */
    void force(String key) throws IOException;

    /** Releases what the storage holds open (its root directory); it is not used after. */
    @Override
    void close();
}
