package dev.cage.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The next segment's file, written full of zeros and forced ahead of time on a thread of its own.
 *
 * <p>Why: forcing a record appended at a file's end also writes the file's new size and extents (on ext4 a journal
 * commit: measured here 156–176 µs a force of 8 KiB, against 92–113 µs for the same write over blocks already
 * allocated and written). Records written into a prepared file only overwrite, so each force writes data alone.
 *
 * <p>The writer asks for a spare once its active segment is half full ({@link #prepareAhead}) and takes it when it
 * rolls ({@link #take}); if the spare is not ready, or preparing it failed, the writer creates an empty segment as
 * without preallocation: a spare never delays or fails an append. No spare is prepared unless the file system has
 * room for four segments beyond it, so preallocation never fills a disk the log itself still needs. The file is
 * {@value #NAME} in the log's directory, not a segment's name: recovery deletes one left by a crash.
 */
final class SpareSegment {
    static final String NAME = "spare.wal.tmp";
    private static final System.Logger LOG = System.getLogger(SpareSegment.class.getName());
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final long size;
    private final ChannelFactory channels;
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cage-wal-spare");
        t.setDaemon(true);
        return t;
    });
    /** Writer thread only: the preparation asked for, or null. */
    private CompletableFuture<Boolean> prepared;

    SpareSegment(Path dir, long size, ChannelFactory channels) {
        this.file = dir.resolve(NAME);
        this.size = size;
        this.channels = channels;
    }

    /** Starts preparing a spare unless one is ready or under way. */
    void prepareAhead() {
        if (prepared == null) {
            prepared = CompletableFuture.supplyAsync(this::prepare, preparer);
        }
    }

    /** The prepared file, now the caller's to rename, or null if none is ready (nothing is waited for). */
    Path take() {
        CompletableFuture<Boolean> p = prepared;
        if (p == null || !p.isDone()) {
            return null;
        }
        prepared = null;
        return p.join() ? file : null;
    }

    /** Stops preparing and deletes the spare file. */
    void close() {
        preparer.shutdownNow();
        try {
            if (!preparer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "preparing " + file + " did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly();
    }

    private boolean prepare() {
        try {
            long usable = Files.getFileStore(file.getParent()).getUsableSpace();
            if (usable < 5 * size) {
                return false;
            }
            ByteBuffer zeros = ByteBuffer.allocateDirect(CHUNK);
            try (FileChannel channel = channels.open(file, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
                for (long at = 0; at < size; ) {
                    zeros.clear().limit((int) Math.min(CHUNK, size - at));
                    at += channel.write(zeros, at);
                }
                channel.force(true); // blocks, extents and size: all the later forces need not write
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                deleteQuietly(); // closing: not a failure
                return false;
            }
            LOG.log(System.Logger.Level.WARNING, "preparing the next write-ahead log segment in " + file
                + " failed (" + e + "); the segment is created empty when the log rolls");
            deleteQuietly();
            return false;
        }
    }

    private void deleteQuietly() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "deleting " + file + " failed", e);
        }
    }
}
