package dev.cage.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file system mounted at a local directory, measured with the local NIO column's calls on the mount point (what any
 * program does with a mount). Subclasses mount it before and unmount it in {@link #close}.
 */
abstract class MountedColumn implements Column {
    private final String id;
    private final String title;
    private LocalNioColumn files;

    MountedColumn(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** Starts measuring the file system now mounted at {@code mountPoint}. */
    final void mounted(Path mountPoint) throws IOException {
        files = new LocalNioColumn(mountPoint, id, title);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public SequentialWriter writer(String name, long size) throws Exception {
        return files.writer(name, size);
    }

    @Override
    public SequentialReader reader(String name, long size, int round) throws Exception {
        return files.reader(name, size, round);
    }

    @Override
    public RandomReads randomReads(String name, int round, int threads) throws Exception {
        return files.randomReads(name, round, threads);
    }

    @Override
    public void writeSmallFile(String name, byte[] data) throws Exception {
        files.writeSmallFile(name, data);
    }

    @Override
    public void makeDir(String name) throws Exception {
        files.makeDir(name);
    }

    @Override
    public void remove(String name) throws Exception {
        files.remove(name);
    }

    @Override
    public void removeDir(String name) throws Exception {
        files.removeDir(name);
    }
}
