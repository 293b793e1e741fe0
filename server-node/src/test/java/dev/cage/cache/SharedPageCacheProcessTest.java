package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client in another JVM, with a member of its own, gets pages another JVM's client read from the cluster. */
@Tag("slow")
class SharedPageCacheProcessTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 32;

    @TempDir
    Path tmp;

    @Test
    void pagesReadInThisJvm_areServedToAClientInAnotherJvm_withoutServerReads() throws Exception {
        try (TestNode node = TestNode.start(tmp, b -> b.journal(null)); Grid grid = new Grid()) {
            byte[] content = new byte[PAGES * PAGE];
            new Random(11).nextBytes(content);
            try (Cage setup = node.clientBuilder("s").pageCount(0).build()) {
                CageChannel ch = setup.open("s", "jvms.bin", OpenMode.SHARED_WRITE, true);
                setup.write(ch, 0, content);
                setup.close(ch);
            }
            HazelcastInstance m1 = grid.member();
            try (Cage a = node.clientBuilder("s").pageSize(PAGE).pageCount(64).sharedPageCache(Grid.via(m1)).build()) {
                CageChannel ca = a.open("s", "jvms.bin", OpenMode.SHARED_READ);
                assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
                await().atMost(Duration.ofSeconds(20)).until(() -> a.tierStats().published() == PAGES);
                long readsBefore = node.node().info().readsServed();

                Path out = tmp.resolve("child.out");
                ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dhazelcast.logging.type=none", "-Dhazelcast.phone.home.enabled=false",
                    "-cp", System.getProperty("java.class.path"), SharedReaderMain.class.getName(),
                    String.valueOf(node.port()), grid.cluster, String.valueOf(grid.basePort), "jvms.bin",
                    String.valueOf(content.length), String.valueOf(PAGE))
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().put("CAGE_SECRET", node.secret());
                Process child = pb.start();
                try {
                    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
                } finally {
                    if (child.isAlive()) {
                        child.destroyForcibly();
                    }
                }
                List<String> lines = Files.readAllLines(out);
                String result = lines.stream().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new AssertionError("child printed no result: " + lines));
                String[] f = result.split(" ");
                CRC32 crc = new CRC32();
                crc.update(content);
                assertThat(Long.parseLong(f[3])).as("checksum").isEqualTo(crc.getValue());
                assertThat(Long.parseLong(f[1])).as("cluster hits").isEqualTo(PAGES);
                assertThat(Long.parseLong(f[2])).as("server reads").isZero();
                assertThat(node.node().info().readsServed()).isEqualTo(readsBefore);
            }
        }
    }
}
