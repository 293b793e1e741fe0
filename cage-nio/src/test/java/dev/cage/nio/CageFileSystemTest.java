package dev.cage.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.AuthenticationException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.SharingConflictException;
import dev.cage.server.TestNode;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cage:// provider adds to the contract: how it is opened and closed, sharing modes, other clients. */
class CageFileSystemTest {
    @TempDir
    static Path nodeDir;
    private static TestNode node;
    private static URI uri;
    private FileSystem fs;

    @BeforeAll
    static void startNode() throws IOException {
        node = TestNode.start(nodeDir);
        uri = URI.create("cage://127.0.0.1:" + node.port() + "/");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void open() throws IOException {
        fs = FileSystems.newFileSystem(uri, Map.of("user", "admin", "secret", node.secret()));
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileSystem_isFoundByItsUri_untilItIsClosed() throws IOException {
        Path f = Files.writeString(fs.getPath("/found.txt"), "found");
        Path byUri = Path.of(URI.create(uri + "found.txt"));
        assertThat(byUri.getFileSystem()).isSameAs(fs);
        assertThat(Files.readString(byUri)).isEqualTo("found");
        assertThat(f.toUri()).isEqualTo(URI.create(uri + "found.txt"));
        assertThatThrownBy(() -> FileSystems.newFileSystem(uri, Map.of("user", "admin", "secret", node.secret())))
            .isInstanceOf(FileSystemAlreadyExistsException.class);

        fs.close();
        assertThat(fs.isOpen()).isFalse();
        assertThatThrownBy(() -> Files.readString(f)).isInstanceOf(ClosedFileSystemException.class);
        assertThatThrownBy(() -> Path.of(URI.create(uri + "found.txt"))).isInstanceOf(FileSystemNotFoundException.class);
        fs = FileSystems.newFileSystem(uri, Map.of("user", "admin", "secret", node.secret()));
        assertThat(Files.readString(fs.getPath("found.txt"))).isEqualTo("found");
    }

    @Test
    void wrongCredentials_failAtOnce_andLeaveNoFileSystemBehind() throws IOException {
        fs.close();
        assertThatThrownBy(() -> FileSystems.newFileSystem(uri, Map.of("user", "admin", "secret", "wrong")))
            .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> Path.of(uri)).isInstanceOf(FileSystemNotFoundException.class);
        assertThatThrownBy(() -> FileSystems.newFileSystem(uri, Map.of("user", "admin", "sekret", "typo")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sekret");
        assertThatThrownBy(() -> FileSystems.newFileSystem(uri, Map.of("user", "admin")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        fs = FileSystems.newFileSystem(uri, Map.of("user", "admin", "secret", node.secret()));
    }

    @Test
    void aSecretFile_andTheUserInTheUri_logIn(@TempDir Path tmp) throws IOException {
        fs.close();
        Path secretOnly = Files.writeString(tmp.resolve("secret"), node.secret() + "\n");
        fs = FileSystems.newFileSystem(URI.create("cage://admin@127.0.0.1:" + node.port() + "/"),
            Map.of("secretFile", secretOnly, "pageCount", 0));
        assertThat(Files.isDirectory(fs.getPath("/"))).isTrue();
    }

    @Test
    void exclusive_keepsEveryoneElseOut_untilTheChannelCloses() throws IOException {
        Path f = Files.writeString(fs.getPath("/exclusive.txt"), "mine");
        try (Cage other = node.client("n")) {
            try (SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.READ, StandardOpenOption.WRITE,
                CageOption.EXCLUSIVE)) {
                ch.write(ByteBuffer.wrap(utf8("MINE")));
                assertThatThrownBy(() -> other.open("n", "exclusive.txt", OpenMode.SHARED_READ))
                    .isInstanceOf(SharingConflictException.class);
                assertThatThrownBy(() -> Files.readString(f)).isInstanceOf(FileSystemException.class)
                    .hasCauseInstanceOf(SharingConflictException.class);
            }
            try (CageChannel ch = other.open("n", "exclusive.txt", OpenMode.SHARED_READ)) {
                assertThat(new String(other.read(ch, 0, 10), StandardCharsets.UTF_8)).isEqualTo("MINE");
            }
            // Shared (the default) readers and writers go together.
            try (SeekableByteChannel w = Files.newByteChannel(f, StandardOpenOption.WRITE);
                 CageChannel r = other.open("n", "exclusive.txt", OpenMode.SHARED_READ)) {
                w.write(ByteBuffer.wrap(utf8("ours")));
                assertThat(r.isOpen()).isTrue();
            }
        }
    }

    @Test
    void otherClients_seeWhatTheProviderWrote_andTheProviderSeesTheirs() throws IOException {
        Path f = fs.getPath("/shared.txt");
        Files.writeString(f, "from nio");
        try (Cage other = node.client("n")) {
            CageChannel ch = other.open("n", "shared.txt", OpenMode.SHARED_WRITE);
            assertThat(new String(other.read(ch, 0, 100), StandardCharsets.UTF_8)).isEqualTo("from nio");
            assertThat(Files.readString(f)).isEqualTo("from nio"); // now in the provider's page cache too
            other.write(ch, 5, utf8("Cage"));
            other.close(ch);
            assertThat(Files.readString(f)).isEqualTo("from Cage");
        }
    }

    @Test
    void closingTheFileSystem_closesItsChannels_andReleasesTheirFiles() throws IOException {
        Path f = Files.writeString(fs.getPath("/held.txt"), "held");
        SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.WRITE, CageOption.EXCLUSIVE);
        fs.close();
        assertThat(ch.isOpen()).isFalse();
        try (Cage other = node.client("n"); CageChannel again = other.open("n", "held.txt", OpenMode.EXCLUSIVE)) {
            assertThat(again.isOpen()).isTrue();
        }
        fs = FileSystems.newFileSystem(uri, Map.of("user", "admin", "secret", node.secret()));
    }

    @Test
    void deleteOnClose_removesTheFileWhenTheChannelCloses() throws IOException {
        Path p = fs.getPath("/scratch");
        try (SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            StandardOpenOption.DELETE_ON_CLOSE)) {
            ch.write(ByteBuffer.wrap(utf8("temporary")));
            assertThat(Files.exists(p)).isTrue();
        }
        assertThat(Files.exists(p)).isFalse();
    }

    @Test
    void pathsCannotLeaveTheRoot() throws IOException {
        Path local = Files.writeString(nodeDir.resolve("outside.txt"), "outside the root");
        Path escape = fs.getPath("/../../" + local.getFileName());
        assertThat(Files.exists(escape)).isFalse();
        assertThatThrownBy(() -> Files.readAllBytes(escape)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> fs.getPath("a\0b")).isInstanceOf(InvalidPathException.class);
        assertThat(Files.readString(local)).isEqualTo("outside the root");
    }

    @Test
    void theStore_isTheDiskUnderTheNodesRoot() throws IOException {
        assertThat(Files.getFileStore(fs.getPath("/")).getTotalSpace())
            .isEqualTo(Files.getFileStore(node.root()).getTotalSpace());
        assertThat(Files.getFileStore(fs.getPath("/")).type()).isEqualTo("cage");
    }

    @Test
    void whatTheNodeDoesNotKeep_isRefusedPlainly() throws IOException {
        Path f = Files.writeString(fs.getPath("/attrs.txt"), "x");
        assertThatThrownBy(() -> Files.setLastModifiedTime(f, FileTime.fromMillis(0)))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Files.readAttributes(f, PosixFileAttributes.class))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Files.createSymbolicLink(fs.getPath("/link"), f))
            .isInstanceOf(UnsupportedOperationException.class);
        assertThat(Files.readString(f)).isEqualTo("x");
    }
}
