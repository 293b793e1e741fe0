package dev.cage.nio;

import dev.cage.protocol.FileInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A directory's entries as the node listed them when the stream was opened (one round trip, sorted by name), filtered
 * as the caller asked. As the JDK requires, it gives out one iterator, and none after it is closed.
 */
final class CageDirectoryStream implements DirectoryStream<Path> {
    private final List<Path> entries;
    private boolean iterated;
    private boolean closed;

    CageDirectoryStream(CagePath dir, List<FileInfo> listed, Filter<? super Path> filter) throws IOException {
        List<Path> kept = new ArrayList<>(listed.size());
        for (FileInfo f : listed) {
            Path p = dir.resolve(f.name());
            if (filter == null || filter.accept(p)) {
                kept.add(p);
            }
        }
        this.entries = kept;
    }

    @Override
    public synchronized Iterator<Path> iterator() {
        if (closed) {
            throw new IllegalStateException("the directory stream is closed");
        }
        if (iterated) {
            throw new IllegalStateException("a directory stream gives out one iterator");
        }
        iterated = true;
        Iterator<Path> it = entries.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                synchronized (CageDirectoryStream.this) {
                    return !closed && it.hasNext();
                }
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return it.next();
            }
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
