package dev.cage.server.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * One segment file open for appending: its number (which is its name), its channel and how many bytes it holds.
 * Used by one thread at a time (the writer, or recovery before the writer starts).
 */
final class Segment implements Closeable {
    static final String SUFFIX = ".wal";
    /** Twenty digits: every long sorts the same by name as by number. */
    private static final int DIGITS = 20;

    private final long number;
    private final Path file;
    private final FileChannel channel;
    private long size;

    private Segment(long number, Path file, FileChannel channel, long size) {
        this.number = number;
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /** Creates segment {@code number}; fails if its file exists (it could hold records). */
    static Segment create(ChannelFactory channels, Path dir, long number) throws IOException {
        Path file = file(dir, number);
        FileChannel channel = channels.open(file,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE));
        return new Segment(number, file, channel, 0);
    }

    /**
     * Makes the prepared, zero-filled file {@code spare} segment {@code number}: renamed into place, appended to from
     * its first byte. The caller forces the directory before acknowledging anything written into it.
     */
    static Segment adopt(ChannelFactory channels, Path dir, long number, Path spare) throws IOException {
        Path file = file(dir, number);
        Files.move(spare, file, StandardCopyOption.ATOMIC_MOVE);
        FileChannel channel = channels.open(file, EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        return new Segment(number, file, channel, 0);
    }

    /** Opens an existing segment; appending starts at its current end. */
    static Segment open(ChannelFactory channels, Path dir, long number) throws IOException {
        Path file = file(dir, number);
        FileChannel channel = channels.open(file, EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        try {
            long size = channel.size();
            channel.position(size);
            return new Segment(number, file, channel, size);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static Path file(Path dir, long number) {
        return dir.resolve(name(number));
    }

    static String name(long number) {
        return String.format(Locale.ROOT, "%0" + DIGITS + "d" + SUFFIX, number);
    }

    /** The segment number a file name stands for, or -1 if it is not a segment's name. */
    static long number(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != DIGITS + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < DIGITS; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(name, 0, DIGITS, 10);
        } catch (NumberFormatException e) {
            return -1; // beyond Long.MAX_VALUE: not one of ours
        }
    }

    long number() {
        return number;
    }

    Path file() {
        return file;
    }

    FileChannel channel() {
        return channel;
    }

    /** Bytes written so far (written, not necessarily forced). */
    long size() {
        return size;
    }

    /** Writes {@code buffers} (which hold {@code bytes} in all) at the end, in one gathering write where it can. */
    void write(List<ByteBuffer> buffers, long bytes) throws IOException {
        ByteBuffer[] srcs = buffers.toArray(new ByteBuffer[0]);
        long left = bytes;
        int first = 0;
        while (left > 0) {
            while (!srcs[first].hasRemaining()) {
                first++;
            }
            long n = channel.write(srcs, first, srcs.length - first);
            left -= n;
            size += n;
        }
    }

    /** Forces the data (not the file's metadata beyond what reading it back needs) to the device. */
    void force() throws IOException {
        // force(false) still writes the file size when it changed (fdatasync), which is all recovery needs.
        channel.force(false);
    }

    /**
     * Cuts the zeros a preallocated file holds after the last record, so that a sealed segment's size is where its
     * records end (readers take a segment's size as its end). The caller forces afterwards.
     *
     * @return whether there were zeros to cut
     */
    boolean seal() throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
            return true;
        }
        return false;
    }

    /** Cuts the segment to {@code newSize} bytes and appends from there. */
    void truncate(long newSize) throws IOException {
        channel.truncate(newSize);
        channel.position(newSize);
        size = newSize;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return file.getFileName() + " (" + size + " bytes)";
    }
}
