package dev.cage.server;

import dev.cage.protocol.InvalidPathException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Finds a key's place below the root one directory at a time, each opened relative to the one before and without
 * following a symbolic link (the JDK's {@link SecureDirectoryStream}: {@code openat} with {@code O_NOFOLLOW}). What
 * a request then does, it does relative to the directory it holds open, so a local user who swaps a directory for a
 * link while the request runs cannot lead it outside the root. A link inside the root is still followed where the
 * operation follows links: its target is checked ({@link RootJail#realKey}) and walked the same way; a link in the
 * way of that walk means the tree changed under the request, which is refused.
 */
final class SecureTree {
    private final RootJail jail;
    /** The root, held open for the node's life and shared by every walk (its operations are thread-safe). */
    private final SecureDirectoryStream<Path> root;

    SecureTree(RootJail jail) {
        this.jail = jail;
        try {
            DirectoryStream<Path> opened = Files.newDirectoryStream(jail.root());
            if (!(opened instanceof SecureDirectoryStream<Path> secure)) {
                opened.close();
                throw new UnsupportedOperationException("this platform offers no race-free directory access"
                    + " (java.nio.file.SecureDirectoryStream), which the node needs to keep clients inside its root");
            }
            this.root = secure;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("root " + jail.root() + " cannot be opened", e);
        }
    }

    /** Closes the root held open: walks fail after. */
    void close() {
        try {
            root.close();
        } catch (IOException e) {
            // a directory opened for reading closes without losing anything
        }
    }

    /** A directory held open and a name in it, where an operation acts; {@code name} is {@code null} for the root. */
    static final class Place implements Closeable {
        final SecureDirectoryStream<Path> dir;
        final Path name;
        private final boolean owned;
        private Boolean link;

        private Place(SecureDirectoryStream<Path> dir, Path name, boolean owned) {
            this.dir = dir;
            this.name = name;
            this.owned = owned;
        }

        boolean isRoot() {
            return name == null;
        }

        /** The entry's own attributes (a link's, not its target's). */
        BasicFileAttributes attributes() throws IOException {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        }

        /** Whether the entry is a symbolic link (looked at once per place); false if there is none. */
        boolean isLink() throws IOException {
            if (link == null) {
                try {
                    link = !isRoot() && attributes().isSymbolicLink();
                } catch (java.nio.file.NoSuchFileException missing) {
                    link = false;
                }
            }
            return link;
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                dir.close();
            }
        }
    }

    /** Thrown inside a walk when an element on the way is a symbolic link. */
    private static final class LinkInTheWay extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Where {@code key} is, its last element not followed (an operation on a link acts on the link); refused, as the
     * jail refuses it, if a link on the way or the last element itself leads outside the root (or nowhere) now.
     */
    Place place(String key) throws IOException {
        if (key.isEmpty()) {
            return new Place(root, null, false);
        }
        Place p;
        try {
            p = walk(key);
        } catch (LinkInTheWay link) {
            p = walkOrRefuse(jail.realKey(parent(key), key), leaf(key), key);
        }
        try {
            if (p.isLink()) {
                jail.realKey(key, key); // refused if it leads outside the root, or nowhere
            }
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** Where {@code key} leads, its last element followed too if it is a link (to a place inside the root). */
    Place following(String key) throws IOException {
        Place p = place(key);
        if (!p.isLink()) {
            return p;
        }
        p.close();
        String real = jail.realKey(key, key);
        Place q = real.isEmpty() ? new Place(root, null, false) : walkOrRefuse(parent(real), leaf(real), key);
        if (q.isLink()) {
            q.close();
            throw changed(key);
        }
        return q;
    }

    private Place walkOrRefuse(String parent, String leaf, String key) throws IOException {
        try {
            return walk(parent.isEmpty() ? leaf : parent + "/" + leaf);
        } catch (LinkInTheWay again) {
            throw changed(key);
        }
    }

    private Place walk(String key) throws IOException {
        String[] elements = key.split("/");
        SecureDirectoryStream<Path> dir = root;
        try {
            for (int i = 0; i < elements.length - 1; i++) {
                Path element = Path.of(elements[i]);
                SecureDirectoryStream<Path> next;
                try {
                    next = dir.newDirectoryStream(element, LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    if (e instanceof NoSuchFileException || !new Place(dir, element, false).isLink()) {
                        throw e;
                    }
                    throw new LinkInTheWay();
                }
                if (dir != root) {
                    dir.close();
                }
                dir = next;
            }
            return new Place(dir, Path.of(elements[elements.length - 1]), dir != root);
        } catch (IOException | RuntimeException e) {
            if (dir != root) {
                dir.close();
            }
            throw e;
        }
    }

    private static String parent(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static InvalidPathException changed(String key) {
        return new InvalidPathException("path '" + key + "' refused: a symbolic link took the place of one of its"
            + " directories while the request was under way");
    }
}
