package dev.cage.server;

/** Small helpers for code that works on the tree by journal keys (recovery, rollback, the file operations). */
final class TreePaths {
    private TreePaths() {
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
}
