package dev.cage.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** An in-memory column for testing the workloads; {@code corrupt} flips one byte of everything it returns. */
final class MemoryColumn implements Column {
    private final Map<String, byte[]> files = new HashMap<>();
    private final boolean corrupt;

    MemoryColumn(boolean corrupt) {
        this.corrupt = corrupt;
    }

    @Override
    public String id() {
        return "mem";
    }

    @Override
    public String title() {
        return corrupt ? "broken" : "memory";
    }

    @Override
    public SequentialWriter writer(String name, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return new SequentialWriter() {
            @Override
            public void write(byte[] src, int off, int len) {
                out.write(src, off, len);
            }

            @Override
            public void close() {
                files.put(name, out.toByteArray());
            }
        };
    }

    @Override
    public SequentialReader reader(String name, long size, int round) {
        byte[] data = files.get(name);
        return new SequentialReader() {
            private int at;

            @Override
            public int read(byte[] dst, int off, int len) {
                if (at >= data.length) {
                    return -1;
                }
                int n = Math.min(len, data.length - at);
                System.arraycopy(data, at, dst, off, n);
                if (corrupt) {
                    dst[off] ^= 1;
                }
                at += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public RandomReads randomReads(String name, int round, int threads) {
        byte[] data = files.get(name);
        return new RandomReads() {
            @Override
            public PointReader forThread(int thread) {
                return (offset, dst) -> {
                    System.arraycopy(data, (int) offset, dst, 0, dst.length);
                    if (corrupt) {
                        dst[dst.length - 1] ^= 1;
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void writeSmallFile(String name, byte[] data) throws IOException {
        if (files.putIfAbsent(name, Arrays.copyOf(data, data.length)) != null) {
            throw new IOException(name + " exists");
        }
    }

    @Override
    public void makeDir(String name) {
    }

    @Override
    public void remove(String name) throws IOException {
        if (files.remove(name) == null) {
            throw new IOException(name + " does not exist");
        }
    }

    @Override
    public void removeDir(String name) {
    }

    @Override
    public void close() {
    }
}
