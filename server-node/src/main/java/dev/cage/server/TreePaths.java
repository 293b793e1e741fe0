package dev.cage.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Small path helpers for code that works on the tree by journal keys (recovery, rollback, rmdir). */
final class TreePaths {
    private TreePaths() {
    }

    /** The place of a normalized key (as the journal stores it) under the root; {@code ""} is the root. */
    static Path at(Path root, String key) {
        return key.isEmpty() ? root : root.resolve(key);
    }

    /** Whether a directory has no entries; the listing is closed, so no handle is left open. */
    static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
