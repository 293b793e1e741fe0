package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.protocol.InvalidPathException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage seam on a real temporary directory: each operation, and the jail around all of them. */
class RootedStorageTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tmp;

    private Path root;
    private Path outside;
    private RootedStorage tree;
    private RootedStorage trash;

    @BeforeEach
    void setUp() throws IOException {
        tree = RootedStorage.open(tmp.resolve("root"));
        trash = RootedStorage.open(tmp.resolve("data/trash"));
        root = tree.jail().root();
        outside = Files.createDirectories(tmp.toRealPath().resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "do not read");
    }

    @Test
    void open_createsTheRootAndItsParents() throws IOException {
        assertThat(Files.isDirectory(tmp.resolve("data/trash"))).isTrue();
        assertThat(tree.resolve("")).isEqualTo(root);
        assertThat(root).isEqualTo(tmp.resolve("root").toRealPath());
    }

    @Test
    void createFileAndDirectory_makeThemUnderTheRoot() throws IOException {
        tree.createDirectory("d");
        tree.createFile("d/f");

        assertThat(Files.isDirectory(root.resolve("d"))).isTrue();
        assertThat(Files.isRegularFile(root.resolve("d/f"))).isTrue();
        assertThatThrownBy(() -> tree.createFile("d/f")).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> tree.createDirectory("d")).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> tree.createFile("missing/f")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void typeQueries_tellFilesDirectoriesAndMissingApart() throws IOException {
        tree.createDirectory("d");
        tree.createFile("d/f");

        assertThat(tree.exists("")).isTrue();
        assertThat(tree.isDirectory("")).isTrue();
        assertThat(tree.exists("d/f", NOFOLLOW)).isTrue();
        assertThat(tree.isRegularFile("d/f", NOFOLLOW)).isTrue();
        assertThat(tree.isDirectory("d/f", NOFOLLOW)).isFalse();
        assertThat(tree.isDirectory("d", NOFOLLOW)).isTrue();
        assertThat(tree.isRegularFile("d")).isFalse();
        assertThat(tree.exists("d/nothing")).isFalse();
        assertThat(tree.exists("d/nothing", NOFOLLOW)).isFalse();
        assertThat(tree.isRegularFile("d/nothing")).isFalse();
    }

    @Test
    void typeQueries_followALinkInsideTheRootOnlyWhenAskedTo() throws IOException {
        tree.createFile("target");
        Files.createSymbolicLink(root.resolve("link"), root.resolve("target"));

        assertThat(tree.isRegularFile("link")).isTrue();
        assertThat(tree.isRegularFile("link", NOFOLLOW)).isFalse();
        assertThat(tree.exists("link", NOFOLLOW)).isTrue();
        assertThat(tree.attributes("link", NOFOLLOW).isSymbolicLink()).isTrue();
        assertThat(tree.attributes("link").isRegularFile()).isTrue();
    }

    @Test
    void attributes_readSizeAndType() throws IOException {
        Files.writeString(root.resolve("f"), "hello");

        assertThat(tree.attributes("f").size()).isEqualTo(5);
        assertThat(tree.attributes("f").isRegularFile()).isTrue();
        assertThat(tree.attributes("").isDirectory()).isTrue();
        assertThat(tree.attributes("f").fileKey()).isEqualTo(Files.readAttributes(root.resolve("f"),
            java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        assertThatThrownBy(() -> tree.attributes("missing")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void listAndIsEmptyDirectory_seeTheEntries() throws IOException {
        tree.createDirectory("d");
        assertThat(tree.list("d")).isEmpty();
        assertThat(tree.isEmptyDirectory("d")).isTrue();

        tree.createFile("d/a");
        tree.createDirectory("d/b");

        assertThat(tree.list("d")).containsExactlyInAnyOrder("a", "b");
        assertThat(tree.list("")).containsExactly("d");
        assertThat(tree.isEmptyDirectory("d")).isFalse();
        assertThatThrownBy(() -> tree.list("d/a")).isInstanceOf(IOException.class);
    }

    @Test
    void deleteAndDeleteIfExists_removeFilesAndEmptyDirectories() throws IOException {
        tree.createDirectory("d");
        tree.createFile("d/f");

        assertThatThrownBy(() -> tree.delete("d")).isInstanceOf(DirectoryNotEmptyException.class);
        tree.delete("d/f");
        assertThat(tree.deleteIfExists("d")).isTrue();
        assertThat(tree.deleteIfExists("d")).isFalse();
        assertThatThrownBy(() -> tree.delete("d")).isInstanceOf(NoSuchFileException.class);
        assertThat(Files.exists(root.resolve("d"))).isFalse();
    }

    @Test
    void move_renamesWithinTheRoot_andAFileFollowsItsDirectory() throws IOException {
        tree.createDirectory("d");
        Files.writeString(root.resolve("d/f"), "x");

        tree.move("d", "e", StandardCopyOption.ATOMIC_MOVE);
        assertThat(Files.readString(root.resolve("e/f"))).isEqualTo("x");
        assertThat(tree.exists("d", NOFOLLOW)).isFalse();

        tree.move("e/f", "g");
        assertThat(tree.isRegularFile("g")).isTrue();
        tree.createFile("h");
        assertThatThrownBy(() -> tree.move("g", "h")).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void moveToAndCopyTo_carryAFileBetweenTheTreeAndTheTrash() throws IOException {
        Files.writeString(root.resolve("f"), "kept");

        tree.moveTo("f", trash, "123-ref");
        assertThat(tree.exists("f", NOFOLLOW)).isFalse();
        assertThat(trash.exists("123-ref")).isTrue();
        assertThat(trash.readAllBytes("123-ref")).isEqualTo("kept".getBytes(StandardCharsets.UTF_8));

        trash.copyTo("123-ref", tree, "back");
        assertThat(Files.readString(root.resolve("back"))).isEqualTo("kept");
        assertThat(trash.exists("123-ref")).isTrue(); // the trash keeps its copy
        assertThatThrownBy(() -> trash.copyTo("123-ref", tree, "back")).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void open_givesAChannelOnTheFile() throws IOException {
        try (FileChannel ch = tree.open("f", StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            ch.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), 0);
        }
        assertThat(Files.readString(root.resolve("f"))).isEqualTo("abc");
        try (FileChannel ch = tree.open("f", StandardOpenOption.READ)) {
            assertThat(FileBytes.read(ch, 1, 2)).isEqualTo("bc".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> tree.open("missing", StandardOpenOption.READ)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void force_flushesFilesAndDirectories_andSkipsWhatIsGone() throws IOException {
        tree.createDirectory("d");
        Files.writeString(root.resolve("d/f"), "x");

        tree.force("d/f");
        tree.force("d");
        tree.force("");
        tree.force("d/gone"); // renamed or removed since it changed: nothing to do

        assertThat(Files.readString(root.resolve("d/f"))).isEqualTo("x");
    }

    @Test
    void resolveAndKeyOf_translateBetweenKeysAndPlaces() throws IOException {
        assertThat(tree.resolve("a/b")).isEqualTo(root.resolve("a/b"));
        assertThat(tree.resolve("a//./b")).isEqualTo(root.resolve("a/b"));
        assertThat(tree.keyOf(root.resolve("a/b"))).isEqualTo("a/b");
        assertThat(tree.keyOf(root)).isEmpty();

        assertThatThrownBy(() -> tree.keyOf(outside.resolve("secret.txt"))).isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> tree.keyOf(root.resolve("../outside"))).isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> tree.keyOf(Path.of("relative"))).isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> tree.keyOf(trash.resolve("ref"))).isInstanceOf(InvalidPathException.class);
    }

    /** Every operation, applied to one key. */
    private Map<String, StorageCall> everyOperation(RootedStorage s) {
        Map<String, StorageCall> ops = new LinkedHashMap<>();
        ops.put("resolve", k -> { s.resolve(k); });
        ops.put("exists", k -> { s.exists(k); });
        ops.put("exists nofollow", k -> { s.exists(k, NOFOLLOW); });
        ops.put("isDirectory", k -> { s.isDirectory(k, NOFOLLOW); });
        ops.put("isRegularFile", k -> { s.isRegularFile(k); });
        ops.put("attributes", k -> { s.attributes(k); });
        ops.put("list", k -> { s.list(k); });
        ops.put("isEmptyDirectory", k -> { s.isEmptyDirectory(k); });
        ops.put("createFile", k -> { s.createFile(k); });
        ops.put("createDirectory", k -> { s.createDirectory(k); });
        ops.put("delete", k -> { s.delete(k); });
        ops.put("deleteIfExists", k -> { s.deleteIfExists(k); });
        ops.put("move from", k -> { s.move(k, "moved"); });
        ops.put("move to", k -> { s.move("inside", k); });
        ops.put("moveTo from", k -> { s.moveTo(k, trash, "ref"); });
        ops.put("moveTo into", k -> { trash.moveTo("inside", s, k); });
        ops.put("copyTo into", k -> { trash.copyTo("kept", s, k); });
        ops.put("readAllBytes", k -> { s.readAllBytes(k); });
        ops.put("open", k -> { s.open(k, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE); });
        ops.put("force", k -> { s.force(k); });
        return ops;
    }

    @FunctionalInterface
    private interface StorageCall {
        void call(String key) throws IOException;
    }

    private void assertEveryOperationRefuses(String key, String why) throws IOException {
        Files.writeString(root.resolve("inside"), "in");
        Files.writeString(trash.resolve("").resolve("kept"), "kept");
        Files.writeString(trash.resolve("").resolve("inside"), "in");
        for (Map.Entry<String, StorageCall> op : everyOperation(tree).entrySet()) {
            assertThatThrownBy(() -> op.getValue().call(key))
                .as(op.getKey() + " of '" + key + "'")
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining(why);
        }
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("do not read");
        assertThat(Files.readString(root.resolve("inside"))).isEqualTo("in");
        try (var left = Files.list(outside)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
    }

    @Test
    void jail_refusesAKeyWithDotDot() throws IOException {
        assertEveryOperationRefuses("../outside/secret.txt", "escapes the root with '..'");
        assertEveryOperationRefuses("a/../../outside", "escapes the root with '..'");
    }

    @Test
    void jail_refusesAnAbsoluteKey() throws IOException {
        assertEveryOperationRefuses(outside.resolve("secret.txt").toString(), "is absolute");
    }

    @Test
    void jail_refusesASymbolicLinkLeadingOutside() throws IOException {
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("secret"), outside.resolve("secret.txt"));

        assertEveryOperationRefuses("out", "leads through a symbolic link to outside the root");
        assertEveryOperationRefuses("out/secret.txt", "leads through a symbolic link to outside the root");
        assertEveryOperationRefuses("out/new", "leads through a symbolic link to outside the root");
        assertEveryOperationRefuses("secret", "leads through a symbolic link to outside the root");
    }

    @Test
    void jail_refusesADanglingSymbolicLink() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("nothing-here"));

        assertEveryOperationRefuses("dangling/x", "leads through a symbolic link that cannot be resolved");
    }

    @Test
    void jail_holdsForTheTrashToo() throws IOException {
        Files.writeString(root.resolve("f"), "x");

        assertThatThrownBy(() -> tree.moveTo("f", trash, "../escaped")).isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> trash.exists("../root/f")).isInstanceOf(InvalidPathException.class);
        assertThat(Files.readString(root.resolve("f"))).isEqualTo("x");
        assertThat(Files.exists(tmp.resolve("data/escaped"))).isFalse();
    }
}
