package dev.cage.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node mounted through FUSE in this JVM, used with the JDK's own file calls on the mount point, as any program
 * would; a second client without page cache checks what reached the node. Run with the mount's client with and without
 * page cache (writes then go through the cache, or out with write-behind). Skipped, saying why, where the machine has
 * no {@code /dev/fuse} or no libfuse2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MountContract {
    private Path dir;
    private TestNode node;
    private Cage mounted;
    private Cage other;
    private CageMount mount;
    private Path mnt;

    /** Pages of the mounted client's cache (0: none). */
    abstract int pageCount();

    @BeforeAll
    void mountTheNode(@TempDir Path tmp) throws IOException {
        dir = tmp;
        String why = CageMount.unavailableReason();
        Assumptions.assumeTrue(why == null, "FUSE tests skipped: " + why);
        node = TestNode.start(dir.resolve("node"));
        mounted = node.clientBuilder("n").pageCount(pageCount()).build();
        other = node.clientBuilder("n").pageCount(0).build();
        mnt = Files.createDirectories(dir.resolve("mnt"));
        mount = CageMount.mount(mounted, "n", "", mnt);
    }

    @AfterAll
    void unmount() {
        if (mount != null) {
            mount.close();
        }
        if (other != null) {
            other.close();
        }
        if (mounted != null) {
            mounted.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] onNode(String path) throws IOException {
        CageChannel ch = other.open("n", path, OpenMode.SHARED_READ);
        try {
            return other.read(ch, 0, (int) other.stat(ch).size());
        } finally {
            other.close(ch);
        }
    }

    @Test
    void bytesWrittenThroughTheMount_readBack_andAreOnTheNodeOnceClosed() throws IOException {
        byte[] data = random(5 * 1024 * 1024 + 123, 1);
        Path f = mnt.resolve("big.bin");
        Files.write(f, data);
        assertThat(Files.size(f)).isEqualTo(data.length);
        assertThat(Files.readAllBytes(f)).isEqualTo(data);
        assertThat(onNode("big.bin")).isEqualTo(data);
        assertThat(Files.readAllBytes(node.root().resolve("big.bin"))).isEqualTo(data);
        // The kernel releases handles after close(2) returns, in the background.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mount.openFiles() == 0);
    }

    @Test
    void positionedWritesAndReads_matchAModelOfTheFile() throws IOException {
        Random r = new Random(2);
        byte[] model = new byte[300_000];
        Path f = mnt.resolve("model.bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(model));
            for (int i = 0; i < 200; i++) {
                int at = r.nextInt(model.length - 5000);
                byte[] piece = random(1 + r.nextInt(5000), i);
                ch.write(ByteBuffer.wrap(piece), at);
                System.arraycopy(piece, 0, model, at, piece.length);
                int from = r.nextInt(model.length - 4096);
                ByteBuffer back = ByteBuffer.allocate(4096);
                while (back.hasRemaining()) {
                    ch.read(back, from + back.position());
                }
                assertThat(back.array()).isEqualTo(Arrays.copyOfRange(model, from, from + 4096));
            }
        }
        assertThat(onNode("model.bin")).isEqualTo(model);
    }

    /**
     * Within the kernel's caching (see the README): a new file shows at once, a size at the next stat one kernel clock
     * tick after the last, a removed name within the one-second name cache.
     */
    @Test
    void anotherClientsChanges_areSeenThroughTheMount() throws IOException {
        Path news = mnt.resolve("news.txt");
        other.writeFile("n", "news.txt", utf8("v1"));
        assertThat(Files.readString(news)).isEqualTo("v1");
        other.writeFile("n", "news.txt", utf8("version two, longer"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(news) == 19);
        assertThat(Files.readString(news)).isEqualTo("version two, longer");
        other.remove("n", "news.txt");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(news));
    }

    @Test
    void directories_areMadeListedRenamedAndRemoved() throws IOException {
        Path d = Files.createDirectories(mnt.resolve("tree/inner"));
        Files.write(d.resolve("f"), utf8("inside"));
        try (Stream<Path> listed = Files.list(mnt.resolve("tree"))) {
            assertThat(listed.map(p -> p.getFileName().toString())).containsExactly("inner");
        }
        assertThatThrownBy(() -> Files.delete(mnt.resolve("tree/inner"))).isInstanceOf(DirectoryNotEmptyException.class);
        Files.move(mnt.resolve("tree"), mnt.resolve("moved"));
        assertThat(Files.readString(mnt.resolve("moved/inner/f"))).isEqualTo("inside");
        assertThat(other.stat("n", "moved/inner/f").size()).isEqualTo(6);
        Files.delete(mnt.resolve("moved/inner/f"));
        Files.delete(mnt.resolve("moved/inner"));
        Files.delete(mnt.resolve("moved"));
        assertThat(Files.exists(mnt.resolve("moved"))).isFalse();
        assertThatThrownBy(() -> Files.delete(mnt.resolve("moved"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void renameOntoAFile_replacesIt_asRenameDoes() throws IOException {
        Files.write(mnt.resolve("a"), utf8("new"));
        Files.write(mnt.resolve("b"), utf8("old"));
        Files.move(mnt.resolve("a"), mnt.resolve("b"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.exists(mnt.resolve("a"))).isFalse();
        assertThat(onNode("b")).isEqualTo(utf8("new"));
    }

    @Test
    void truncateAndAppend_changeTheSize() throws IOException {
        Path f = Files.write(mnt.resolve("cut.txt"), utf8("hello world"));
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(5);
        }
        assertThat(Files.readString(f)).isEqualTo("hello");
        Files.write(f, utf8(", again"), StandardOpenOption.APPEND);
        assertThat(onNode("cut.txt")).isEqualTo(utf8("hello, again"));
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(16);
        }
        assertThat(onNode("cut.txt")).isEqualTo(Arrays.copyOf(utf8("hello, again"), 16));
        Files.write(f, utf8("x")); // O_TRUNC
        assertThat(onNode("cut.txt")).isEqualTo(utf8("x"));
    }

    @Test
    void errors_areTheOnesProgramsKnow() throws IOException {
        assertThatThrownBy(() -> Files.readAllBytes(mnt.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
        Files.write(mnt.resolve("held.txt"), utf8("held"));
        CageChannel held = other.open("n", "held.txt", OpenMode.EXCLUSIVE);
        try {
            assertThatThrownBy(() -> Files.readAllBytes(mnt.resolve("held.txt")))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("busy");
        } finally {
            other.close(held);
        }
        assertThat(Files.readString(mnt.resolve("held.txt"))).isEqualTo("held");
        assertThatThrownBy(() -> Files.createDirectory(mnt.resolve("no/parent"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void theMountsSpace_isTheDiskUnderTheNodesRoot() throws IOException {
        long total = Files.getFileStore(node.root()).getTotalSpace();
        assertThat(Files.getFileStore(mnt).getTotalSpace()).isBetween(total - 4096, total);
    }
}
