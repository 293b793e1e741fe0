package dev.cage.bench;

import dev.cage.server.CageNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cage through its {@code cage://} file system, as a program written for {@code java.nio.file.Files} uses it: streams
 * for sequential transfers, one byte channel per reading thread, {@code Files.write} for small files. Its own node, set
 * up as the Cage column's, and a client without page cache, so the two columns differ only by the provider's layer.
 */
final class CageNioColumn implements Column {
    private final CageNode node;
    private final FileSystem fs;

    CageNioColumn(Path root, Path dataDir) throws IOException {
        node = CageColumn.startNode(root, dataDir);
        try {
            fs = FileSystems.newFileSystem(URI.create("cage://127.0.0.1:" + node.port() + "/"),
                Map.of("user", "admin", "secret", CageColumn.adminSecret(node), "pageCount", 0));
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private Path path(String name) {
        return fs.getPath("/", name);
    }

    @Override
    public String id() {
        return "cagefs";
    }

    @Override
    public String title() {
        return Targets.CAGE_NIO;
    }

    @Override
    public String notes() {
        return "java.nio.file.Files on cage://127.0.0.1 (a node set up as the Cage column's, client without cache)";
    }

    @Override
    public SequentialWriter writer(String name, long size) throws IOException {
        OutputStream out = Files.newOutputStream(path(name));
        return new SequentialWriter() {
            @Override
            public void write(byte[] src, int off, int len) throws IOException {
                out.write(src, off, len);
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    @Override
    public SequentialReader reader(String name, long size, int round) throws IOException {
        InputStream in = Files.newInputStream(path(name));
        return new SequentialReader() {
            @Override
            public int read(byte[] dst, int off, int len) throws IOException {
                return in.read(dst, off, len);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public RandomReads randomReads(String name, int round, int threads) throws IOException {
        List<SeekableByteChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                channels.add(Files.newByteChannel(path(name), StandardOpenOption.READ));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(channels);
            throw e;
        }
        return new RandomReads() {
            @Override
            public PointReader forThread(int thread) {
                SeekableByteChannel ch = channels.get(thread);
                return (offset, dst) -> {
                    ByteBuffer b = ByteBuffer.wrap(dst);
                    ch.position(offset);
                    while (b.hasRemaining()) {
                        if (ch.read(b) < 0) {
                            throw new IOException("end of file at " + (offset + b.position()));
                        }
                    }
                };
            }

            @Override
            public void close() throws IOException {
                closeAll(channels);
            }
        };
    }

    private static void closeAll(List<SeekableByteChannel> channels) throws IOException {
        for (SeekableByteChannel ch : channels) {
            ch.close();
        }
    }

    @Override
    public void writeSmallFile(String name, byte[] data) throws IOException {
        Files.write(path(name), data);
    }

    @Override
    public void makeDir(String name) throws IOException {
        Files.createDirectory(path(name));
    }

    @Override
    public void remove(String name) throws IOException {
        Files.delete(path(name));
    }

    @Override
    public void removeDir(String name) throws IOException {
        Files.delete(path(name));
    }

    @Override
    public void close() throws IOException {
        try {
            fs.close();
        } finally {
            node.close();
        }
    }
}
