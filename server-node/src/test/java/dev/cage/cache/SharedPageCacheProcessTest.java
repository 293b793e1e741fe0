package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import dev.cage.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients in other JVMs, each with a member of its own, get pages another JVM's client read from the cluster, and no
 * client anywhere reads old bytes after a write was acknowledged to any of them.
 */
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
                try (ChildJvm child = childJvm("reader").mainClass(SharedReaderMain.class)
                    .args(String.valueOf(node.port()), grid.cluster, String.valueOf(grid.basePort), "jvms.bin",
                        String.valueOf(content.length), String.valueOf(PAGE))
                    .env("CAGE_SECRET", node.secret()).log(out).start()) {
                    assertThat(child.waitFor(Duration.ofSeconds(120))).as("child finished").isTrue();
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

    @Test
    void threeJvms_aPageReadByOneIsServedToTheOtherTwoFromTheCluster_andNoReadAfterAnAcknowledgedWriteIsOld()
        throws Exception {
        try (TestNode node = TestNode.start(tmp, b -> b.journal(null)); Grid grid = new Grid()) {
            byte[] content = new byte[PAGES * PAGE];
            new Random(12).nextBytes(content);
            try (Cage setup = node.clientBuilder("s").pageCount(0).build()) {
                CageChannel ch = setup.open("s", "three.bin", OpenMode.SHARED_WRITE, true);
                setup.write(ch, 0, content);
                setup.close(ch);
            }
            HazelcastInstance m1 = grid.member();
            try (ChildClient b = new ChildClient(node, grid, "three.bin", tmp.resolve("b.log"));
                 ChildClient c = new ChildClient(node, grid, "three.bin", tmp.resolve("c.log"));
                 Cage a = node.clientBuilder("s").pageSize(PAGE).pageCount(64).sharedPageCache(Grid.via(m1)).build()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> m1.getCluster().getMembers().size() == 3);
                CageChannel ca = a.open("s", "three.bin", OpenMode.SHARED_READ);
                assertThat(a.read(ca, 0, content.length)).isEqualTo(content);
                await().atMost(Duration.ofSeconds(20)).until(() -> a.tierStats().published() == PAGES);
                long readsBefore = node.node().info().readsServed();
                CRC32 crc = new CRC32();
                crc.update(content);
                for (ChildClient child : List.of(b, c)) {
                    String[] f = child.call("READ 0 " + content.length).split(" ");
                    assertThat(Long.parseLong(f[1])).as("checksum").isEqualTo(crc.getValue());
                    assertThat(Long.parseLong(f[2])).as("cluster hits").isEqualTo(PAGES);
                    assertThat(Long.parseLong(f[3])).as("server reads").isZero();
                }
                assertThat(node.node().info().readsServed()).as("node reads").isEqualTo(readsBefore);

                CageChannel cw = a.open("s", "three.bin", OpenMode.SHARED_WRITE);
                Random r = new Random(13);
                for (int i = 0; i < 12; i++) {
                    long offset = (long) r.nextInt(PAGES) * PAGE + r.nextInt(PAGE - 8);
                    byte[] value = new byte[8];
                    r.nextBytes(value);
                    String hex = HexFormat.of().formatHex(value);
                    int writer = i % 3;
                    if (writer == 0) {
                        a.write(cw, offset, value);
                        a.putPages(cw);
                    } else {
                        (writer == 1 ? b : c).call("WRITE " + offset + " " + hex);
                    }
                    // acknowledged: a read that begins now sees these bytes, in every JVM, from whichever tier
                    assertThat(a.read(ca, offset, 8)).as("write " + i + " read in the test JVM").isEqualTo(value);
                    for (ChildClient child : List.of(b, c)) {
                        assertThat(child.call("READ " + offset + " 8").split(" ")[4]).as("write " + i + " read in a child")
                            .isEqualTo(hex);
                    }
                }
            }
        }
    }

    /** A child JVM of the test's class path, quiet and small. */
    private static ChildJvm.Builder childJvm(String name) {
        return ChildJvm.builder(name).jvmOptions("-Xmx256m").systemProperty("hazelcast.logging.type", "none")
            .systemProperty("hazelcast.phone.home.enabled", "false");
    }

    /** A {@link SharedClientMain} in a JVM of its own with a member of its own, one command at a time. */
    private static final class ChildClient implements AutoCloseable {
        private final ChildJvm process;
        private final BufferedWriter in;
        private final BufferedReader out;
        private final ExecutorService lines = Executors.newSingleThreadExecutor();

        ChildClient(TestNode node, Grid grid, String file, Path log) throws Exception {
            process = childJvm(log.getFileName().toString()).mainClass(SharedClientMain.class)
                .args(String.valueOf(node.port()), grid.cluster, String.valueOf(grid.basePort), file,
                    String.valueOf(PAGE))
                .env("CAGE_SECRET", node.secret()).log(log).pipeStdio().start();
            in = new BufferedWriter(new OutputStreamWriter(process.stdin(), StandardCharsets.UTF_8));
            out = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8));
            String first = next();
            if (!first.equals("READY")) {
                close();
                throw new AssertionError("child did not start: " + first);
            }
        }

        /** Sends a command; its {@code OK} line. */
        String call(String command) throws Exception {
            in.write(command);
            in.newLine();
            in.flush();
            String reply = next();
            if (!reply.startsWith("OK")) {
                throw new AssertionError(command + ": " + reply);
            }
            return reply;
        }

        private String next() throws Exception {
            while (true) {
                String line = lines.submit(out::readLine).get(120, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("child ended; its log: " + process.readLog());
                }
                if (line.equals("READY") || line.startsWith("OK") || line.startsWith("ERROR")) {
                    return line;
                }
            }
        }

        @Override
        public void close() throws Exception {
            try {
                in.write("QUIT");
                in.newLine();
                in.flush();
            } catch (java.io.IOException e) {
                // already gone
            }
            try {
                process.waitFor(Duration.ofSeconds(30));
            } finally {
                process.close(); // SIGKILL if it did not quit
                lines.shutdownNow();
            }
        }
    }
}
