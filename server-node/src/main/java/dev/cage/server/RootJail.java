package dev.cage.server;

import dev.cage.protocol.InvalidPathException;
import dev.cage.protocol.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;

/**
 * Confines every client path to the node's root. A client path is relative to the root, uses {@code /}
 * between elements, and must be in Unicode NFC; {@code ""} names the root itself. Refused, each with its
 * own message: absolute paths, {@code ..} elements, backslashes, NUL and other control characters,
 * non-NFC text, over-long paths, and anything that resolves (through symbolic links) outside the root.
 */
final class RootJail {
    private final Path root;

    RootJail(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("root " + root + " is not accessible", e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("root " + root + " is not a directory");
        }
    }

    Path root() {
        return root;
    }

    /** The normalized key of a client path: its elements joined by {@code /}, {@code ""} for the root. */
    String key(String clientPath) throws InvalidPathException {
        if (clientPath.getBytes(StandardCharsets.UTF_8).length > Protocol.MAX_PATH_BYTES) {
            throw refused(clientPath, "longer than " + Protocol.MAX_PATH_BYTES + " bytes");
        }
        for (int i = 0; i < clientPath.length(); i++) {
            char c = clientPath.charAt(i);
            if (c == 0) {
                throw refused(clientPath, "contains a NUL byte");
            }
            if (c < 0x20 || c == 0x7F) {
                throw refused(clientPath, "contains control character U+" + String.format("%04X", (int) c));
            }
            if (c == '\\') {
                throw refused(clientPath, "contains a backslash; use '/' between elements");
            }
        }
        if (clientPath.startsWith("/")) {
            throw refused(clientPath, "is absolute; paths are relative to the server's root");
        }
        if (!Normalizer.isNormalized(clientPath, Normalizer.Form.NFC)) {
            throw refused(clientPath, "is not in Unicode NFC form");
        }
        StringBuilder key = new StringBuilder();
        for (String element : clientPath.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                throw refused(clientPath, "escapes the root with '..'");
            }
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(element);
        }
        return key.toString();
    }

    /**
     * The file-system path of a client path, after checking that the deepest part of it that exists
     * resolves, through any symbolic links, to a place inside the root.
     */
    Path resolve(String clientPath) throws InvalidPathException {
        return resolveKey(key(clientPath), clientPath);
    }

    Path resolveKey(String key, String clientPath) throws InvalidPathException {
        if (key.isEmpty()) {
            return root;
        }
        // The common case in one lstat per element below the root, instead of a realpath from "/" (a readlink per
        // element of the root's own path too) and two stats: when no element that exists is a symbolic link, the
        // deepest existing one lies inside the root, which is itself real. Anything else takes the full check.
        Path p = root;
        for (String element : key.split("/")) {
            p = p.resolve(element);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return root.resolve(key); // nothing deeper exists, and everything above is a plain element
            } catch (IOException e) {
                return resolveFollowingLinks(key, clientPath);
            }
            if (a.isSymbolicLink()) {
                return resolveFollowingLinks(key, clientPath);
            }
        }
        return p;
    }

    /** Checks where the deepest existing part of the path leads, through any symbolic links. */
    private Path resolveFollowingLinks(String key, String clientPath) throws InvalidPathException {
        realKey(key, clientPath);
        return root.resolve(key);
    }

    /**
     * The key of the place a key leads to with every symbolic link in its existing part followed (no element of the
     * result was a link when it was looked at); refused if that place is outside the root or a link cannot be followed.
     */
    String realKey(String key, String clientPath) throws InvalidPathException {
        Path p = root.resolve(key);
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw refused(clientPath, "has no existing ancestor");
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            // A dangling link: where it points does not exist, so it cannot be followed inside the root.
            throw refused(clientPath, "leads through a symbolic link that cannot be resolved");
        }
        // Outside the try: the refusal is an IOException too, and must not read as a dangling link.
        if (!real.startsWith(root)) {
            throw refused(clientPath, "leads through a symbolic link to outside the root");
        }
        return keyOf(real.resolve(existing.relativize(p)));
    }

    /** The client path of a file-system path inside the root. */
    String keyOf(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static InvalidPathException refused(String path, String why) {
        return new InvalidPathException("path '" + printable(path) + "' refused: it " + why);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
