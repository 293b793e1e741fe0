package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlapping writes from many sessions are applied whole, one after another: never torn, never lost. */
class OrderingTest {
    private static final int BLOCK = 256 * 1024;

    @TempDir
    Path tmp;

    @Test
    void overlappingWritesAndReads_fromManySessions_areNeverTorn() throws Exception {
        int writers = 4;
        try (TestNode n = TestNode.start(tmp)) {
            List<Cage> clients = new ArrayList<>();
            for (int i = 0; i < writers + 2; i++) {
                // No page cache: the guarantee under test is the server's (one request, one atomic step).
                clients.add(n.clientBuilder("s").pageCount(0).build());
            }
            clients.get(0).create("s", "contended");
            ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Cage c = clients.get(w);
                byte fill = (byte) (w + 1);
                jobs.add(pool.submit(() -> {
                    CageChannel ch = c.open("s", "contended", OpenMode.SHARED_WRITE);
                    byte[] block = new byte[BLOCK];
                    Arrays.fill(block, fill);
                    for (int round = 0; round < 40; round++) {
                        c.write(ch, 0, block);
                    }
                    c.close(ch);
                    return null;
                }));
            }
            for (int r = writers; r < writers + 2; r++) {
                Cage c = clients.get(r);
                jobs.add(pool.submit(() -> {
                    CageChannel ch = c.open("s", "contended", OpenMode.SHARED_READ);
                    for (int round = 0; round < 40; round++) {
                        assertUniform(c.read(ch, 0, BLOCK));
                    }
                    c.close(ch);
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
            pool.shutdown();
            byte[] last = java.nio.file.Files.readAllBytes(n.root().resolve("contended"));
            assertThat(last).hasSize(BLOCK);
            assertUniform(last);
            clients.forEach(Cage::close);
        }
    }

    private static void assertUniform(byte[] b) {
        if (b.length == 0) {
            return;
        }
        for (int i = 1; i < b.length; i++) {
            if (b[i] != b[0]) {
                throw new AssertionError("torn block: byte " + i + " is " + b[i] + ", byte 0 is " + b[0]);
            }
        }
    }
}
