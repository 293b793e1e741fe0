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

    /**
     * The key of the directory a key is in: {@code ""} (the root) for a key of one element. The root's own parent
     * would be outside the root; it is refused.
     */
    static String parent(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the root has no parent inside the root");
        }
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** Whether a directory has no entries; the listing is closed, so no handle is left open. */
    static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
