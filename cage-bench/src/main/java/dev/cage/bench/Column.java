package dev.cage.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * One way of moving file bytes that the benchmark measures side by side with the others. A column is
 * started before the first round (servers bound, clients logged in) and closed after the last, so set-up
 * cost is never timed. File names are relative to the column's own root and use {@code /}.
 */
public interface Column extends AutoCloseable {
    /** Short name for {@code --columns}: {@code raw}, {@code nio}, {@code sftp}, {@code cage}. */
    String id();

    /** The column's heading in the report. */
    String title();

    /** Whether the column keeps files (the raw socket only moves bytes). */
    default boolean storesFiles() {
        return true;
    }

    /** Whether the workload means something for this column: small files need files. */
    default boolean supports(Workload w) {
        return storesFiles() || w != Workload.SMALL_FILES;
    }

    /** Creates (or replaces) a file for sequential writing of {@code size} bytes. */
    SequentialWriter writer(String name, long size) throws Exception;

    /** Opens a file of {@code size} bytes, written in round {@code round}, for sequential reading. */
    SequentialReader reader(String name, long size, int round) throws Exception;

    /** Opens a file for positioned reads by {@code threads} threads at once. */
    RandomReads randomReads(String name, int round, int threads) throws Exception;

    /** Creates a new file holding {@code data}, and closes it. */
    default void writeSmallFile(String name, byte[] data) throws Exception {
        throw new UnsupportedOperationException(title() + " has no files");
    }

    default void makeDir(String name) throws Exception {
        throw new UnsupportedOperationException(title() + " has no files");
    }

    /** How the column is set up, for the report (e.g. the cipher SFTP negotiated). */
    default String notes() {
        return "";
    }

    /** Removes a file that exists; used by the small-file workload and to clean up between rounds. */
    void remove(String name) throws Exception;

    default void removeDir(String name) throws Exception {
        throw new UnsupportedOperationException(title() + " has no files");
    }

    @Override
    void close() throws Exception;

    /** Takes a file's bytes in order; {@link #close} ends the file and is part of the timed work. */
    interface SequentialWriter extends Closeable {
        void write(byte[] src, int off, int len) throws IOException;

        /** The CRC-32C the receiving end computed, for columns that keep no file to read back. */
        default OptionalLong receivedChecksum() {
            return OptionalLong.empty();
        }
    }

    /** Gives a file's bytes in order. */
    interface SequentialReader extends Closeable {
        /** Reads up to {@code len} bytes; -1 at the end. */
        int read(byte[] dst, int off, int len) throws IOException;
    }

    /** Positioned reads of one file; each thread gets its own {@link PointReader}. */
    interface RandomReads extends Closeable {
        /** The reader for measuring thread number {@code thread} (0-based). */
        PointReader forThread(int thread) throws IOException;
    }

    /** Reads exactly {@code dst.length} bytes at an offset. */
    interface PointReader extends Closeable {
        void read(long offset, byte[] dst) throws IOException;

        @Override
        default void close() throws IOException {
        }
    }
}
