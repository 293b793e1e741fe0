package dev.cage.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Column 2, the limit of the disk: a {@link FileChannel} on the same file system the servers use, with
 * positioned reads and writes (pread/pwrite) from heap arrays, as the other columns get them. The files were
 * just written, so reads come from the OS page cache: this is a memory-speed limit, not a device speed.
 */
public final class LocalNioColumn implements Column {
    private final Path root;
    private final String id;
    private final String title;

    public LocalNioColumn(Path root) throws IOException {
        this(root, "nio", Targets.NIO);
    }

    /** The same calls on another directory: a mount point, for the columns that measure a mounted file system. */
    LocalNioColumn(Path root, String id, String title) throws IOException {
        this.root = Files.createDirectories(root);
        this.id = id;
        this.title = title;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public SequentialWriter writer(String name, long size) throws IOException {
        FileChannel ch = FileChannel.open(root.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        return new SequentialWriter() {
            private long position;

            @Override
            public void write(byte[] src, int off, int len) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(src, off, len);
                while (b.hasRemaining()) {
                    position += ch.write(b, position);
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public SequentialReader reader(String name, long size, int round) throws IOException {
        FileChannel ch = FileChannel.open(root.resolve(name), StandardOpenOption.READ);
        return new SequentialReader() {
            private long position;

            @Override
            public int read(byte[] dst, int off, int len) throws IOException {
                int n = ch.read(ByteBuffer.wrap(dst, off, len), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public RandomReads randomReads(String name, int round, int threads) throws IOException {
        FileChannel ch = FileChannel.open(root.resolve(name), StandardOpenOption.READ);
        PointReader shared = (offset, dst) -> {
            ByteBuffer b = ByteBuffer.wrap(dst);
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new IOException("end of file at " + (offset + b.position()));
                }
            }
        };
        return new RandomReads() {
            @Override
            public PointReader forThread(int thread) {
                return shared; // positioned reads on one FileChannel run in parallel
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public void writeSmallFile(String name, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(root.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    @Override
    public void makeDir(String name) throws IOException {
        Files.createDirectory(root.resolve(name));
    }

    @Override
    public void remove(String name) throws IOException {
        Files.delete(root.resolve(name));
    }

    @Override
    public void removeDir(String name) throws IOException {
        Files.delete(root.resolve(name));
    }

    @Override
    public void close() {
    }
}
