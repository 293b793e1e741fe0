package dev.cage.nio;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path in a node's tree, with Unix rules: {@code /} separates names, a path starting with {@code /} is absolute,
 * the root is {@code /}, and the working directory of relative paths is the root. Like the JDK's Unix paths, the empty
 * path has one empty name. Only {@link #normalize()} and the calls that reach the node interpret {@code .} and
 * {@code ..}; everything else is lexical.
 */
final class CagePath implements Path {
    private final CageFileSystem fs;
    private final boolean absolute;
    /** The names, none empty, except the empty path's one empty name. */
    private final List<String> names;

    private CagePath(CageFileSystem fs, boolean absolute, List<String> names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = names;
    }

    /** Parses {@code text}: repeated and trailing slashes count as one and none, as on Unix. */
    static CagePath parse(CageFileSystem fs, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new java.nio.file.InvalidPathException(text, "a path may not hold the NUL character");
        }
        List<String> names = new ArrayList<>();
        for (String n : text.split("/")) {
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        boolean absolute = text.startsWith("/");
        if (names.isEmpty() && !absolute) {
            return empty(fs);
        }
        return new CagePath(fs, absolute, List.copyOf(names));
    }

    static CagePath root(CageFileSystem fs) {
        return new CagePath(fs, true, List.of());
    }

    private static CagePath empty(CageFileSystem fs) {
        return new CagePath(fs, false, List.of(""));
    }

    private boolean isEmpty() {
        return !absolute && names.size() == 1 && names.get(0).isEmpty();
    }

    /** The path the node knows: absolute and normalized, without the leading slash ({@code ""} for the root). */
    String nodePath() {
        return String.join("/", ((CagePath) toAbsolutePath().normalize()).names);
    }

    @Override
    public CageFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return absolute;
    }

    @Override
    public Path getRoot() {
        return absolute ? root(fs) : null;
    }

    @Override
    public Path getFileName() {
        if (isEmpty()) {
            return this;
        }
        return names.isEmpty() ? null : new CagePath(fs, false, List.of(names.get(names.size() - 1)));
    }

    @Override
    public Path getParent() {
        if (names.size() <= 1 || isEmpty()) {
            return absolute && !names.isEmpty() ? root(fs) : null;
        }
        return new CagePath(fs, absolute, names.subList(0, names.size() - 1));
    }

    @Override
    public int getNameCount() {
        return names.size();
    }

    @Override
    public Path getName(int index) {
        return subpath(index, index + 1);
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        if (beginIndex < 0 || endIndex > names.size() || beginIndex >= endIndex) {
            throw new IllegalArgumentException("no names " + beginIndex + ".." + endIndex + " in '" + this + "'");
        }
        return new CagePath(fs, false, List.copyOf(names.subList(beginIndex, endIndex)));
    }

    @Override
    public boolean startsWith(Path other) {
        CagePath o = of(other, false);
        if (o == null || o.absolute != absolute || o.names.size() > names.size()) {
            return false;
        }
        if (o.isEmpty()) {
            return isEmpty();
        }
        return names.subList(0, o.names.size()).equals(o.names);
    }

    @Override
    public boolean endsWith(Path other) {
        CagePath o = of(other, false);
        if (o == null || o.names.size() > names.size() || (o.absolute && !equals(o))) {
            return false;
        }
        if (o.isEmpty()) {
            return isEmpty();
        }
        return names.subList(names.size() - o.names.size(), names.size()).equals(o.names);
    }

    @Override
    public Path normalize() {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(".") || n.isEmpty()) {
                continue;
            }
            if (n.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                    continue;
                }
                if (absolute) { // above the root is the root
                    continue;
                }
            }
            out.add(n);
        }
        if (out.isEmpty() && !absolute) {
            return empty(fs);
        }
        return new CagePath(fs, absolute, List.copyOf(out));
    }

    @Override
    public Path resolve(Path other) {
        CagePath o = of(other, true);
        if (o.absolute) {
            return o;
        }
        if (o.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return o;
        }
        List<String> joined = new ArrayList<>(names);
        joined.addAll(o.names);
        return new CagePath(fs, absolute, List.copyOf(joined));
    }

    @Override
    public Path resolve(String other) {
        return resolve(parse(fs, other));
    }

    @Override
    public Path relativize(Path other) {
        CagePath o = of(other, true);
        if (o.absolute != absolute) {
            throw new IllegalArgumentException("'" + other + "' and '" + this + "' are not both absolute or both relative");
        }
        if (equals(o)) {
            return empty(fs);
        }
        if (isEmpty()) {
            return o;
        }
        List<String> mine = names;
        List<String> theirs = o.isEmpty() ? List.of() : o.names;
        int common = 0;
        while (common < mine.size() && common < theirs.size() && mine.get(common).equals(theirs.get(common))) {
            common++;
        }
        List<String> out = new ArrayList<>();
        for (int i = common; i < mine.size(); i++) {
            out.add("..");
        }
        out.addAll(theirs.subList(common, theirs.size()));
        return out.isEmpty() ? empty(fs) : new CagePath(fs, false, List.copyOf(out));
    }

    @Override
    public URI toUri() {
        try {
            return new URI(CageFileSystemProvider.SCHEME, null, fs.host(), fs.port(), toAbsolutePath().toString(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no URI for '" + this + "'", e);
        }
    }

    @Override
    public Path toAbsolutePath() {
        return absolute ? this : root(fs).resolve(this);
    }

    /** The absolute, normalized path, if the file exists (the node has no symbolic links to follow). */
    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        Path real = toAbsolutePath().normalize();
        fs.provider().readAttributes(real, java.nio.file.attribute.BasicFileAttributes.class);
        return real;
    }

    /** Not supported: the node's invalidations name pages of open files, not changes to directories. */
    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("cage:// paths cannot be watched");
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(of(other, true).toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CagePath p && p.fs == fs && p.absolute == absolute && p.names.equals(names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(absolute, names);
    }

    @Override
    public String toString() {
        String joined = String.join("/", names);
        return absolute ? "/" + joined : joined;
    }

    /** {@code other} as a path of this file system: a foreign path is refused, or read as not matching. */
    private CagePath of(Path other, boolean required) {
        Objects.requireNonNull(other, "other");
        if (other instanceof CagePath p && p.fs == fs) {
            return p;
        }
        if (required) {
            throw new ProviderMismatchException("'" + other + "' is not a path of " + fs);
        }
        return null;
    }
}
