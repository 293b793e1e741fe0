package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path tmp;

    @Test
    void writeThenRead_returnsTheSameBytes() throws Exception {
        try (TestNode n = TestNode.start(tmp); Cage cage = n.client("a")) {
            CageChannel ch = cage.open("a", "hello.bin", OpenMode.EXCLUSIVE, true);
            byte[] data = new byte[3_000_000];
            new Random(1).nextBytes(data);
            cage.write(ch, 5, data);
            assertThat(cage.read(ch, 5, data.length)).isEqualTo(data);
            assertThat(cage.stat("a", "hello.bin").size()).isEqualTo(5 + data.length);
            cage.close(ch);
        }
    }
}
