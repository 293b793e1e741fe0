package dev.cage.bench.cache;

import dev.cage.bench.Column;
import java.io.IOException;

/**
 * A column of {@code cage bench} (local NIO, SFTP) used for the cache benchmark's random reads: one reader on
 * one open file, at queue depth 1, with the column's own tuned set-up. Owns the column and closes it.
 */
final class ColumnReads implements ReadColumn {
    private final Column column;
    private final Column.RandomReads reads;
    private final Column.PointReader reader;

    ColumnReads(Column column, String file) throws Exception {
        this.column = column;
        try {
            this.reads = column.randomReads(file, 1, 1);
            this.reader = reads.forThread(0);
        } catch (Exception e) {
            column.close();
            throw e;
        }
    }

    @Override
    public String title() {
        return column.title();
    }

    /** How the column is set up, for the report. */
    String notes() {
        return column.notes();
    }

    @Override
    public void read(long offset, byte[] dst) throws IOException {
        reader.read(offset, dst);
    }

    @Override
    public void close() throws Exception {
        try {
            reader.close();
            reads.close();
        } finally {
            column.close();
        }
    }
}
