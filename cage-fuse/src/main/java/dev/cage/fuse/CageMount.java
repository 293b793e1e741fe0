package dev.cage.fuse;

import dev.cage.client.Cage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node's directory mounted at a local directory: {@link #mount} returns once the kernel serves it, {@link #close}
 * unmounts (files still open lose nothing already flushed; the client pushes the rest when it closes). Needs
 * {@code /dev/fuse} and Debian's {@code libfuse2} (and {@code fusermount} to unmount as a user).
 */
public final class CageMount implements AutoCloseable {
    /**
     * No attribute cache in the kernel ({@code attr_timeout=0}): every stat asks the client, which asks the node, so a
     * size another client changed shows at once (the client's page cache serves bytes, kept coherent by the node).
     * Names are cached for a second ({@code entry_timeout=1}): every call here goes by path, so a cached name another
     * client removed or renamed only means the node answers "not found"; names not found are not cached, so a file
     * another client creates shows at once. Writes of up to 128 KiB per request ({@code big_writes}; libfuse2's
     * default is 4 KiB). One request at a time ({@code -s}): libfuse2's multi-threaded loop starts and ends threads as
     * requests come, and each new thread is attached to the JVM again; measured, the single loop moved more in every
     * workload but 32 reads in parallel.
     */
    private static final String[] OPTIONS = {"-o", "attr_timeout=0", "-o", "entry_timeout=1", "-o", "negative_timeout=0",
        "-o", "big_writes", "-o", "max_write=131072", "-o", "fsname=cage", "-o", "subtype=cage", "-s"};

    private final CageFuse fs;
    private final Path mountPoint;
    private boolean mounted;

    private CageMount(CageFuse fs, Path mountPoint) {
        this.fs = fs;
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts {@code directory} of the client's {@code server} at {@code mountPoint} (an existing, empty directory) and
     * returns once the kernel serves it. The client stays the caller's: close it after this mount.
     */
    public static CageMount mount(Cage cage, String server, String directory, Path mountPoint) {
        CageMount m = new CageMount(prepare(cage, server, directory, mountPoint), mountPoint);
        m.fs.mount(mountPoint, false, false, OPTIONS);
        m.mounted = true;
        return m;
    }

    /**
     * Mounts as {@link #mount} does and serves until the mount goes away: {@code fusermount -u}, or a SIGINT or SIGTERM
     * to this process (libfuse unmounts then). For {@code cage mount}.
     */
    public static void serve(Cage cage, String server, String directory, Path mountPoint) {
        prepare(cage, server, directory, mountPoint).mount(mountPoint, true, false, OPTIONS);
    }

    private static CageFuse prepare(Cage cage, String server, String directory, Path mountPoint) {
        if (!Files.isDirectory(mountPoint)) {
            throw new IllegalArgumentException("mount point " + mountPoint + " is not a directory");
        }
        String why = unavailableReason();
        if (why != null) {
            throw new IllegalStateException("cannot mount: " + why);
        }
        return new CageFuse(cage, server, directory, currentUid(), currentGid());
    }

    /** Whether FUSE can be used here: {@code /dev/fuse} exists and libfuse2 loads. Says why not otherwise. */
    public static String unavailableReason() {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return "no /dev/fuse on this machine";
        }
        try {
            jnr.ffi.LibraryLoader.create(LibFuse.class).failImmediately().load("fuse");
        } catch (UnsatisfiedLinkError e) {
            return "libfuse2 is not installed (apt-get install libfuse2): " + e.getMessage();
        }
        return null;
    }

    /** Nothing is called through it: loading it is the test that libfuse2 is there. */
    public interface LibFuse {
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /** Files open through the mount now. */
    public int openFiles() {
        return fs.openFiles();
    }

    /** Unmounts; the kernel's open files on it are gone (their flushed writes are on the node). */
    @Override
    public void close() {
        if (mounted) {
            mounted = false;
            fs.umount();
        }
    }

    private static long currentUid() {
        return idOf("uid");
    }

    private static long currentGid() {
        return idOf("gid");
    }

    /** The process's user or group id, read from {@code /proc/self/status} (0 where it cannot be read). */
    private static long idOf(String which) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith(which + ":")) {
                    return Long.parseLong(line.substring(which.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // fall through
        }
        return 0;
    }
}
