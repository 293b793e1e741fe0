package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.InvalidPathException;
import dev.cage.protocol.OpenMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every path is confined to the root; each way out gets InvalidPathException with its own reason. */
class PathEscapeTest {
    @TempDir
    Path tmp;
    TestNode node;
    Cage cage;
    Path outside;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(tmp.resolve("node"));
        cage = node.client("s");
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "do not read");
    }

    @AfterEach
    void stop() {
        cage.close();
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside/secret.txt", "a/../../outside", "a/b/../../.."})
    void dotDot_isRefused(String path) {
        assertThatThrownBy(() -> cage.stat("s", path)).isInstanceOf(InvalidPathException.class)
            .hasMessageContaining("'..'");
    }

    @Test
    void absolutePath_isRefused() {
        assertThatThrownBy(() -> cage.open("s", outside.resolve("secret.txt").toString(), OpenMode.SHARED_READ))
            .isInstanceOf(InvalidPathException.class).hasMessageContaining("absolute");
    }

    @Test
    void nulAndControlCharacters_areRefused() {
        assertThatThrownBy(() -> cage.create("s", "a\u0000b")).isInstanceOf(InvalidPathException.class)
            .hasMessageContaining("NUL");
        assertThatThrownBy(() -> cage.create("s", "a\nb")).isInstanceOf(InvalidPathException.class)
            .hasMessageContaining("control character");
    }

    @Test
    void backslash_isRefused() {
        assertThatThrownBy(() -> cage.create("s", "..\\outside")).isInstanceOf(InvalidPathException.class)
            .hasMessageContaining("backslash");
    }

    @Test
    void nonNfcUnicode_isRefused() {
        String decomposed = "cafe\u0301.txt"; // 'é' as e + combining accent
        assertThatThrownBy(() -> cage.create("s", decomposed)).isInstanceOf(InvalidPathException.class)
            .hasMessageContaining("NFC");
        assertThat(node.root().toFile().list()).isEmpty();
    }

    @Test
    void overlongPath_isRefused() {
        assertThatThrownBy(() -> cage.create("s", "x".repeat(5000))).isInstanceOf(InvalidPathException.class)
            .hasMessageContaining("longer than");
    }

    @Test
    void symlinkToAFileOutside_isRefusedForReadAndStat() throws Exception {
        Files.createSymbolicLink(node.root().resolve("link"), outside.resolve("secret.txt"));
        assertThatThrownBy(() -> cage.open("s", "link", OpenMode.SHARED_READ))
            .isInstanceOf(InvalidPathException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> cage.stat("s", "link")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void symlinkedDirectoryOutside_isRefusedForCreateInside() throws Exception {
        Files.createSymbolicLink(node.root().resolve("out"), outside);
        assertThatThrownBy(() -> cage.create("s", "out/new.txt")).isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> cage.list("s", "out")).isInstanceOf(InvalidPathException.class);
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void listing_showsAnOutsideLinkAsOther_revealingNothing() throws Exception {
        Files.createSymbolicLink(node.root().resolve("out"), outside);
        assertThat(cage.list("s", "")).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("out");
            assertThat(e.type()).isEqualTo(dev.cage.protocol.FileType.OTHER);
        });
    }

    @Test
    void symlinkInsideTheRoot_isFollowed() throws Exception {
        Files.writeString(node.root().resolve("real.txt"), "inside");
        Files.createSymbolicLink(node.root().resolve("alias.txt"), node.root().resolve("real.txt"));
        CageChannel ch = cage.open("s", "alias.txt", OpenMode.SHARED_READ);
        assertThat(new String(cage.read(ch, 0, 100))).isEqualTo("inside");
        cage.close(ch);
    }

    @Test
    void linkDeeperInTheTree_isCheckedWhereverItStands() throws Exception {
        // The quick check (one lstat per element) must hand every link it meets to the full one, at any depth.
        Files.createDirectories(node.root().resolve("a/b"));
        Files.createSymbolicLink(node.root().resolve("a/b/out"), outside);
        Files.createSymbolicLink(node.root().resolve("a/b/dangling"), node.root().resolve("a/nowhere"));
        assertThatThrownBy(() -> cage.open("s", "a/b/out/secret.txt", OpenMode.SHARED_READ))
            .isInstanceOf(InvalidPathException.class).hasMessageContaining("outside the root");
        assertThatThrownBy(() -> cage.create("s", "a/b/out/deeper/new.txt")).isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> cage.stat("s", "a/b/dangling")).isInstanceOf(InvalidPathException.class)
            .hasMessageContaining("cannot be resolved");
        Files.createSymbolicLink(node.root().resolve("a/in"), node.root().resolve("a/b"));
        cage.create("s", "a/in/made.txt"); // through a link that stays inside: allowed, lands where the link leads
        assertThat(node.root().resolve("a/b/made.txt")).exists();
        assertThat(outside.resolve("deeper")).doesNotExist();
    }

    @Test
    void refusedPaths_leaveTheSessionUsable() throws Exception {
        assertThatThrownBy(() -> cage.create("s", "../x")).isInstanceOf(InvalidPathException.class);
        cage.create("s", "fine.txt");
        assertThat(node.root().resolve("fine.txt")).exists();
    }
}
