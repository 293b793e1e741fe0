package dev.cage.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a program may rely on from a {@code java.nio.file} provider, written once and run against jimfs (the reference)
 * and against Cage's provider on a real node, so that the two differ only where the README says so. Each test works
 * in a fresh directory of its own.
 */
abstract class FileSystemContract {
    /** A directory that exists in the file system under test; each test makes its own directory inside it. */
    protected abstract Path base();

    protected Path dir;

    @TempDir
    Path local;

    @BeforeEach
    void freshDirectory(TestInfo test) throws IOException {
        dir = Files.createDirectory(base().resolve(test.getTestMethod().orElseThrow().getName()));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- bytes

    @Test
    void bytesWritten_areReadBack_inStreamsAndWhole() throws IOException {
        byte[] data = random(5 * 1024 * 1024 + 17, 1);
        Path p = dir.resolve("big.bin");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(data, 0, 1000);
            out.write(data[1000]);
            out.write(data, 1001, data.length - 1001);
        }
        assertThat(Files.size(p)).isEqualTo(data.length);
        assertThat(Files.readAllBytes(p)).isEqualTo(data);
        try (InputStream in = Files.newInputStream(p)) {
            assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(data, 10));
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, data.length));
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void anEmptyFile_readsAsEmpty() throws IOException {
        Path p = Files.createFile(dir.resolve("empty"));
        assertThat(Files.readAllBytes(p)).isEmpty();
        assertThat(Files.size(p)).isZero();
    }

    @Test
    void writingAgain_replacesLongerContent_andAppendAddsAtTheEnd() throws IOException {
        Path p = dir.resolve("f.txt");
        Files.write(p, utf8("a much longer first content"));
        Files.write(p, utf8("short"));
        assertThat(Files.readString(p)).isEqualTo("short");
        Files.write(p, utf8(" and more"), StandardOpenOption.APPEND);
        assertThat(Files.readString(p)).isEqualTo("short and more");
        Files.writeString(p, "line one\nline two\n", StandardCharsets.UTF_8);
        assertThat(Files.readAllLines(p)).containsExactly("line one", "line two");
    }

    @Test
    void aStreamReplacingALongerFile_cutsIt_whetherTheNewContentIsSmallOrLarge() throws IOException {
        Path p = dir.resolve("replaced");
        Files.write(p, random(3 * 1024 * 1024, 5));
        byte[] large = random(2 * 1024 * 1024 + 9, 6);
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(large, 0, 100);
            out.flush(); // what was written so far is on its way; the rest follows
            out.write(large, 100, large.length - 100);
        }
        assertThat(Files.readAllBytes(p)).isEqualTo(large);
        byte[] small = random(4096, 7);
        try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.SYNC)) {
            out.write(small);
        }
        assertThat(Files.readAllBytes(p)).isEqualTo(small);
        try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.WRITE)) { // no cut: overwrites the start
            out.write(utf8("XY"));
        }
        assertThat(Files.size(p)).isEqualTo(4096);
        assertThat(Files.readAllBytes(p)[1]).isEqualTo((byte) 'Y');
    }

    @Test
    void createNew_refusesAnExistingFile_andLeavesIt() throws IOException {
        Path p = dir.resolve("f");
        Files.write(p, utf8("kept"));
        assertThatThrownBy(() -> Files.write(p, utf8("lost"), StandardOpenOption.CREATE_NEW))
            .isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> Files.createFile(p)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(p)).isEqualTo("kept");
    }

    @Test
    void aMissingFile_isNoSuchFile_whereverItIsUsed() {
        Path p = dir.resolve("missing");
        assertThatThrownBy(() -> Files.readAllBytes(p)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.newInputStream(p)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.newByteChannel(p, StandardOpenOption.WRITE)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.size(p)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Files.write(dir.resolve("no/such/dir/f"), utf8("x")))
            .isInstanceOf(NoSuchFileException.class);
        assertThat(Files.exists(p)).isFalse();
        assertThat(Files.notExists(p)).isTrue();
    }

    @Test
    void aByteChannel_seeksOverwritesAndTruncates() throws IOException {
        Path p = dir.resolve("c.txt");
        try (SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(utf8("hello world")));
            assertThat(ch.position()).isEqualTo(11);
            ch.position(6).write(ByteBuffer.wrap(utf8("Cage!")));
            assertThat(ch.size()).isEqualTo(11);
            ByteBuffer back = ByteBuffer.allocate(32);
            ch.position(0);
            assertThat(ch.read(back)).isEqualTo(11);
            assertThat(new String(back.array(), 0, 11, StandardCharsets.UTF_8)).isEqualTo("hello Cage!");
            assertThat(ch.read(ByteBuffer.allocate(4))).isEqualTo(-1);
            ch.truncate(5);
            assertThat(ch.size()).isEqualTo(5);
            assertThat(ch.position()).isEqualTo(5);
            ch.truncate(100); // never grows
            assertThat(ch.size()).isEqualTo(5);
            ByteBuffer direct = ByteBuffer.allocateDirect(8);
            assertThat(ch.position(1).read(direct)).isEqualTo(4);
        }
        assertThat(Files.readString(p)).isEqualTo("hello");
    }

    @Test
    void aChannel_refusesWhatItWasNotOpenedFor_andEverythingOnceClosed() throws IOException {
        Path p = dir.resolve("f");
        Files.write(p, utf8("data"));
        try (SeekableByteChannel r = Files.newByteChannel(p, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> r.write(ByteBuffer.wrap(utf8("x")))).isInstanceOf(NonWritableChannelException.class);
        }
        try (SeekableByteChannel w = Files.newByteChannel(p, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> w.read(ByteBuffer.allocate(1))).isInstanceOf(NonReadableChannelException.class);
        }
        SeekableByteChannel closed = Files.newByteChannel(p, StandardOpenOption.READ);
        closed.close();
        assertThat(closed.isOpen()).isFalse();
        assertThatThrownBy(() -> closed.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(closed::size).isInstanceOf(ClosedChannelException.class);
        closed.close(); // a second close does nothing
        assertThat(Files.readString(p)).isEqualTo("data");
    }

    // ---- directories

    @Test
    void directories_areCreatedListedAndFiltered() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> Files.createDirectory(sub)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> Files.createDirectory(dir.resolve("no/parent"))).isInstanceOf(NoSuchFileException.class);
        Files.createDirectories(dir.resolve("deep/er/still"));
        Files.write(dir.resolve("a.txt"), utf8("a"));
        Files.write(dir.resolve("b.bin"), utf8("b"));
        assertThat(names(dir, "*")).containsExactlyInAnyOrder("sub", "deep", "a.txt", "b.bin");
        assertThat(names(dir, "*.txt")).containsExactly("a.txt");
        try (Stream<Path> listed = Files.list(dir)) {
            assertThat(listed.map(p -> p.getParent())).allMatch(dir::equals);
        }
        assertThat(Files.isDirectory(dir.resolve("deep/er/still"))).isTrue();
        assertThat(Files.isRegularFile(dir.resolve("a.txt"))).isTrue();
        assertThatThrownBy(() -> Files.newDirectoryStream(dir.resolve("a.txt"))).isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> Files.newDirectoryStream(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }

    private static List<String> names(Path d, String glob) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d, glob)) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    @Test
    void aDirectoryStream_givesOneIterator() throws IOException {
        Files.write(dir.resolve("x"), utf8("x"));
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.iterator();
            assertThatThrownBy(s::iterator).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void walk_visitsTheWholeTree() throws IOException {
        Files.createDirectories(dir.resolve("a/b"));
        Files.createDirectories(dir.resolve("c"));
        Files.write(dir.resolve("a/one"), utf8("1"));
        Files.write(dir.resolve("a/b/two"), utf8("2"));
        Files.write(dir.resolve("c/three"), utf8("3"));
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.map(p -> dir.relativize(p).toString()))
                .containsExactlyInAnyOrder("", "a", "a/b", "a/one", "a/b/two", "c", "c/three");
        }
        try (Stream<Path> found = Files.find(dir, 10, (p, a) -> a.isRegularFile() && a.size() == 1)) {
            assertThat(found.count()).isEqualTo(3);
        }
    }

    @Test
    void delete_removesFilesAndEmptyDirectories_only() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d"));
        Path f = Files.write(d.resolve("f"), utf8("f"));
        assertThatThrownBy(() -> Files.delete(d)).isInstanceOf(DirectoryNotEmptyException.class);
        assertThat(Files.exists(f)).isTrue();
        Files.delete(f);
        assertThat(Files.exists(f)).isFalse();
        Files.delete(d);
        assertThat(Files.exists(d)).isFalse();
        assertThatThrownBy(() -> Files.delete(d)).isInstanceOf(NoSuchFileException.class);
        assertThat(Files.deleteIfExists(d)).isFalse();
    }

    // ---- moving and copying

    @Test
    void move_renames_andRefusesAnExistingTargetUnlessAskedToReplace() throws IOException {
        Path a = Files.write(dir.resolve("a"), utf8("first"));
        Path b = Files.write(dir.resolve("b"), utf8("second"));
        assertThatThrownBy(() -> Files.move(a, b)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(a)).isEqualTo("first");
        assertThat(Files.readString(b)).isEqualTo("second");
        Files.move(a, b, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.exists(a)).isFalse();
        assertThat(Files.readString(b)).isEqualTo("first");
        Path c = Files.move(b, dir.resolve("c"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(Files.readString(c)).isEqualTo("first");
        assertThatThrownBy(() -> Files.move(dir.resolve("missing"), dir.resolve("x")))
            .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void move_takesADirectoryWithItsContents() throws IOException {
        Path from = Files.createDirectories(dir.resolve("from/inner"));
        Files.write(from.resolve("f"), utf8("inside"));
        Files.move(dir.resolve("from"), dir.resolve("to"));
        assertThat(Files.exists(dir.resolve("from"))).isFalse();
        assertThat(Files.readString(dir.resolve("to/inner/f"))).isEqualTo("inside");
    }

    @Test
    void copy_duplicatesTheBytes_andLeavesTheSource() throws IOException {
        byte[] data = random(3 * 1024 * 1024 + 5, 2);
        Path a = Files.write(dir.resolve("a"), data);
        Path b = Files.copy(a, dir.resolve("b"));
        assertThat(Files.readAllBytes(b)).isEqualTo(data);
        assertThat(Files.readAllBytes(a)).isEqualTo(data);
        Files.write(dir.resolve("c"), utf8("old"));
        assertThatThrownBy(() -> Files.copy(a, dir.resolve("c"))).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(dir.resolve("c"))).isEqualTo("old");
        Files.copy(a, dir.resolve("c"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.readAllBytes(dir.resolve("c"))).isEqualTo(data);
        Path emptyDir = Files.copy(Files.createDirectory(dir.resolve("d")), dir.resolve("d2"));
        assertThat(Files.isDirectory(emptyDir)).isTrue();
    }

    @Test
    void copy_toAndFromTheLocalFileSystem_keepsTheBytes() throws IOException {
        byte[] data = random(2 * 1024 * 1024 + 3, 3);
        Path here = Files.write(local.resolve("local.bin"), data);
        Path there = dir.resolve("remote.bin");
        Files.copy(here, there);
        assertThat(Files.readAllBytes(there)).isEqualTo(data);
        Path back = Files.copy(there, local.resolve("back.bin"));
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        try (InputStream in = Files.newInputStream(here)) {
            Files.copy(in, dir.resolve("from-stream"));
        }
        assertThat(Files.readAllBytes(dir.resolve("from-stream"))).isEqualTo(data);
    }

    // ---- attributes and the store

    @Test
    void basicAttributes_tellKindSizeAndTime() throws IOException {
        Instant before = Instant.now().minus(Duration.ofMinutes(2));
        Path f = Files.write(dir.resolve("f"), random(1234, 4));
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        assertThat(a.isRegularFile()).isTrue();
        assertThat(a.isDirectory()).isFalse();
        assertThat(a.isSymbolicLink()).isFalse();
        assertThat(a.size()).isEqualTo(1234);
        assertThat(a.lastModifiedTime().toInstant()).isBetween(before, Instant.now().plus(Duration.ofMinutes(2)));
        BasicFileAttributes d = Files.readAttributes(dir, BasicFileAttributes.class);
        assertThat(d.isDirectory()).isTrue();
        Map<String, Object> some = Files.readAttributes(f, "basic:size,isDirectory");
        assertThat(some).containsOnlyKeys("size", "isDirectory").containsEntry("size", 1234L)
            .containsEntry("isDirectory", false);
        assertThat(Files.readAttributes(f, "*")).containsKeys("size", "lastModifiedTime", "isRegularFile");
        assertThat(Files.getLastModifiedTime(f)).isInstanceOf(FileTime.class);
        assertThatThrownBy(() -> Files.readAttributes(f, "basic:nonsense")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFileStore_reportsSpace() throws IOException {
        FileStore store = Files.getFileStore(dir);
        assertThat(store.getTotalSpace()).isPositive();
        assertThat(store.getUsableSpace()).isBetween(0L, store.getTotalSpace());
        assertThat(store.supportsFileAttributeView("basic")).isTrue();
    }

    @Test
    void sameFileAndHidden_areAnsweredFromThePaths() throws IOException {
        Path f = Files.write(dir.resolve("f"), utf8("f"));
        assertThat(Files.isSameFile(f, dir.resolve("./f"))).isTrue();
        assertThat(Files.isSameFile(f, Files.write(dir.resolve("g"), utf8("f")))).isFalse();
        assertThat(Files.isHidden(dir.resolve(".hidden"))).isTrue();
        assertThat(Files.isHidden(f)).isFalse();
    }

    // ---- paths (lexical: nothing is asked of the node)

    @Test
    void paths_followUnixRules() {
        FileSystem fs = dir.getFileSystem();
        Path p = fs.getPath("/a/b/../c/./d");
        assertThat(p.toString()).isEqualTo("/a/b/../c/./d");
        assertThat(p.normalize().toString()).isEqualTo("/a/c/d");
        assertThat(p.isAbsolute()).isTrue();
        assertThat(p.getNameCount()).isEqualTo(6);
        assertThat(p.getFileName().toString()).isEqualTo("d");
        assertThat(p.getParent().toString()).isEqualTo("/a/b/../c/.");
        assertThat(p.getRoot().toString()).isEqualTo("/");
        assertThat(p.subpath(1, 3).toString()).isEqualTo("b/..");
        assertThat(fs.getPath("/").getFileName()).isNull();
        assertThat(fs.getPath("/").getParent()).isNull();
        assertThat(fs.getPath("x").getParent()).isNull();
        assertThat(fs.getPath("a//b/", "c", "", "d").toString()).isEqualTo("a/b/c/d");
        assertThat(fs.getPath("/a/b").resolve("c/d").toString()).isEqualTo("/a/b/c/d");
        assertThat(fs.getPath("/a/b").resolve("/x").toString()).isEqualTo("/x");
        assertThat(fs.getPath("/a/b").resolveSibling("z").toString()).isEqualTo("/a/z");
        assertThat(fs.getPath("/a/b/c").relativize(fs.getPath("/a/x/y")).toString()).isEqualTo("../../x/y");
        assertThat(fs.getPath("a").relativize(fs.getPath("a")).toString()).isEmpty();
        assertThat(fs.getPath("/a/b").startsWith(fs.getPath("/a"))).isTrue();
        assertThat(fs.getPath("/a/b").startsWith(fs.getPath("a"))).isFalse();
        assertThat(fs.getPath("/ab").startsWith(fs.getPath("/a"))).isFalse();
        assertThat(fs.getPath("/a/b").endsWith(fs.getPath("b"))).isTrue();
        assertThat(fs.getPath("../../x").normalize().toString()).isEqualTo("../../x");
        assertThat(fs.getPath("/../x").normalize().toString()).isEqualTo("/x");
        assertThat(fs.getPath("a/..").normalize().toString()).isEmpty();
        assertThat(fs.getPath("").getNameCount()).isEqualTo(1);
        assertThat(fs.getPath("/a", "b")).isEqualTo(fs.getPath("/a/b")).hasSameHashCodeAs(fs.getPath("/a/b"));
        assertThat(fs.getPath("/a").compareTo(fs.getPath("/b"))).isNegative();
        List<String> names = new ArrayList<>();
        fs.getPath("/x/y/z").forEach(n -> names.add(n.toString()));
        assertThat(names).containsExactly("x", "y", "z");
        assertThat(fs.getPathMatcher("glob:**/*.{txt,md}").matches(fs.getPath("/a/b/c.md"))).isTrue();
        assertThat(fs.getPathMatcher("regex:.*\\.txt").matches(fs.getPath("c.md"))).isFalse();
        assertThat(fs.getSeparator()).isEqualTo("/");
    }

    @Test
    void aPathUri_leadsBackToThePath() throws IOException {
        Path f = Files.write(dir.resolve("with space.txt"), utf8("uri"));
        Path again = Path.of(f.toUri());
        assertThat(again).isEqualTo(f.toAbsolutePath());
        assertThat(Files.readString(again)).isEqualTo("uri");
    }
}
