package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientFrameLimitTest {
    @TempDir
    Path tmp;

    @Test
    void read_clientLimitBelowServers_splitsIntoFramesTheClientAccepts() throws Exception {
        try (TestNode n = TestNode.start(tmp); Cage cage = n.clientBuilder("a").maxMessageSize((64 << 10) + 64).build()) {
            CageChannel ch = cage.open("a", "big.bin", OpenMode.EXCLUSIVE, true);
            byte[] data = new byte[1 << 20];
            new Random(2).nextBytes(data);
            cage.write(ch, 0, data);
            // Before the fix the client asked for 1 MiB per READ and then refused the 1 MiB reply frame.
            assertThat(cage.read(ch, 0, data.length)).isEqualTo(data);
            cage.close(ch);
        }
    }
}
