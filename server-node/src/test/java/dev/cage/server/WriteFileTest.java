package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.SharingConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@link Cage#writeFile}: create or replace a whole file, with the page cache off (pipelined) and on. */
class WriteFileTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "pages {0}")
    @ValueSource(ints = {0, 64})
    void writeFile_createsReplacesAndCutsLongerOldContent(int pages) throws Exception {
        byte[] big = new byte[(3 << 20) + 17]; // more than one frame
        new Random(5).nextBytes(big);
        byte[] small = "four KiB or less".getBytes();
        try (TestNode n = TestNode.start(tmp); Cage cage = n.clientBuilder("a").pageCount(pages).build()) {
            cage.mkdir("a", "d");
            cage.writeFile("a", "d/f.bin", big);
            assertThat(Files.readAllBytes(n.root().resolve("d/f.bin"))).isEqualTo(big);
            cage.writeFile("a", "d/f.bin", small);
            assertThat(Files.readAllBytes(n.root().resolve("d/f.bin"))).isEqualTo(small);
            cage.writeFile("a", "d/empty.bin", new byte[0]);
            assertThat(n.root().resolve("d/empty.bin")).isEmptyFile();
            assertThat(n.node().openChannelCount()).as("every channel writeFile opened is closed").isZero();
        }
    }

    @ParameterizedTest(name = "pages {0}")
    @ValueSource(ints = {0, 64})
    void writeFile_fileOpenElsewhere_isRefusedAndLeftAsItWas(int pages) throws Exception {
        try (TestNode n = TestNode.start(tmp); Cage cage = n.clientBuilder("a").pageCount(pages).build();
             Cage reader = n.client("a")) {
            cage.writeFile("a", "f.txt", "old".getBytes());
            CageChannel held = reader.open("a", "f.txt", OpenMode.SHARED_READ);
            assertThatThrownBy(() -> cage.writeFile("a", "f.txt", "new".getBytes()))
                .isInstanceOf(SharingConflictException.class);
            assertThat(Files.readString(n.root().resolve("f.txt"))).isEqualTo("old");
            reader.close(held);
        }
    }
}
