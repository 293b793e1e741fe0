package dev.cage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's directories on disk: a fresh one per run, and removing what a run left. */
public final class WorkDirs {
    private WorkDirs() {
    }

    /**
     * A fresh directory for one run under {@code dir} (created if needed). A fresh one each time, because a node
     * that finds an old users file would not hand out a new admin secret.
     */
    public static Run run(Path dir, String prefix) throws IOException {
        boolean createdDir = !Files.exists(dir);
        Files.createDirectories(dir);
        return new Run(dir, createdDir, Files.createTempDirectory(dir, prefix));
    }

    /** One run's directory; closing removes it, and its parent too if the run created that and it is left empty. */
    public static final class Run implements AutoCloseable {
        private final Path parent;
        private final boolean createdParent;
        private final Path path;

        private Run(Path parent, boolean createdParent, Path path) {
            this.parent = parent;
            this.createdParent = createdParent;
            this.path = path;
        }

        public Path path() {
            return path;
        }

        @Override
        public void close() throws IOException {
            delete(path);
            if (createdParent) {
                deleteIfEmpty(parent);
            }
        }
    }

    /** Deletes a directory and everything under it; nothing happens if it does not exist. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Deletes a directory the benchmark created, if nothing else is left in it. */
    public static void deleteIfEmpty(Path dir) throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            if (left.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }
}
