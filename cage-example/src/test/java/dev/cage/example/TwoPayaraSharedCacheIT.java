package dev.cage.example;

import static dev.cage.example.BuildProperties.deleteRecursively;
import static dev.cage.example.BuildProperties.intProperty;
import static dev.cage.example.BuildProperties.property;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cage.testkit.ChildJvm;
import dev.cage.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Issue 6 through the resource adapter: two Payara Micro instances, A and B, form one data grid (same cluster name,
 * TCP/IP members on 127.0.0.1) and each deploys {@code cage-example-postboot.war} over a server-wide pool with
 * {@code sharedCache=true}, so each adapter's Cage uses its own Payara's Hazelcast member as the second cache tier.
 * One real node in a child JVM serves both. Everything the test checks goes over HTTP ({@code /api/documents},
 * {@code /api/node}, {@code /api/cache}) and is compared byte for byte:
 * <ol>
 *   <li>a document A read is served to B from the grid: the node's read counter does not move;</li>
 *   <li>a write acknowledged to one instance is never followed by an old read on the other;</li>
 *   <li>after SIGKILL of A (its grid member dies without leaving), B still reads and writes correct bytes.</li>
 * </ol>
 * The methods run in this order (the last kills A). Ports come from build-helper; everything lives under
 * {@code target/two-payara-it} and is stopped by PID in {@link #stopEverything()}, also after a failure, when the end
 * of each log is printed too.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(TwoPayaraSharedCacheIT.PrintLogsOnFailure.class)
class TwoPayaraSharedCacheIT {
    /** Small pages and a local cache smaller than a document, so the local tier cannot hide the shared one. */
    private static final int PAGE_SIZE = 4096;
    private static final int PAGE_COUNT = 8;
    /** Two Payara boots side by side on two cores: 30-40 s when quiet, 2.5 min seen beside other builds. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);
    /** How long B's member may take to notice that A's is gone (Hazelcast's heartbeat timeout is 60 s). */
    private static final Duration MEMBER_LOSS_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern NODE_READS = Pattern.compile(", reads (\\d+) \\(");
    private static final Pattern GRID_SIZE = Pattern.compile("DG Size: (\\d+)");
    /** HTTP/1.1, as the example script's curl (the default, HTTP/2, starts each connection with an h2c upgrade). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    private static ChildJvm node;
    private static Payara a;
    private static Payara b;
    private static Path root;
    private static final Random random = new Random();
    /** What each instance last answered while the test waited for it, for the failure message. */
    private static final Map<String, String> lastAnswer = new ConcurrentHashMap<>();

    /** One Payara Micro instance: its process and the example application's {@code /api} address. */
    record Payara(ChildJvm jvm, URI api) {
        URI at(String path) {
            return URI.create(api + path);
        }

        @Override
        public String toString() {
            return jvm.name();
        }
    }

    @BeforeAll
    static void startNodeAndTwoPayaras() throws Exception {
        long seed = System.nanoTime();
        random.setSeed(seed);
        System.out.println("TwoPayaraSharedCacheIT: random seed " + seed);
        Path repo = Path.of(property("cage.example.repo"));
        Path work = Path.of(property("cage.example.twoPayara.work"));
        deleteRecursively(work);
        Files.createDirectories(work);
        try {
            int nodePort = FreePorts.forNode();
            String[] login = startNode(repo.resolve("cage-cli/target/cage.jar"), work.resolve("node"), nodePort);

            // Both instances deploy the same files; Payara names the application after the WAR: /cage-example.
            Path war = Files.copy(repo.resolve("cage-example/target/cage-example-postboot.war"),
                work.resolve("cage-example.war"), StandardCopyOption.REPLACE_EXISTING);
            Path preboot = Files.writeString(work.resolve("preboot.asadmin"), "set configs.config.server-config."
                + "network-config.network-listeners.network-listener.http-listener.address=127.0.0.1\n");
            Path postboot = Files.writeString(work.resolve("postboot.asadmin"),
                postbootCommands(repo.resolve("cage-rar/target/cage-rar.rar"), nodePort));
            int hzA = intProperty("cage.example.twoPayara.hzPortA");
            int hzB = intProperty("cage.example.twoPayara.hzPortB");
            List<String> grid = List.of("--interfaces", "127.0.0.1", "--clustername", "cage-two-payara-" + hzA,
                "--clustermode", "tcpip:127.0.0.1:" + hzA + ",127.0.0.1:" + hzB);
            Map<String, String> env = Map.of("CAGE_USER", login[0], "CAGE_SECRET", login[1]);
            Path payaraJar = Path.of(property("cage.example.payaraJar"));

            long start = System.nanoTime();
            a = startPayara("payara-a", payaraJar, work, intProperty("cage.example.twoPayara.httpPortA"), hzA, grid,
                env, preboot, postboot, war);
            b = startPayara("payara-b", payaraJar, work, intProperty("cage.example.twoPayara.httpPortB"), hzB, grid,
                env, preboot, postboot, war);
            await("both applications answer").atMost(BOOT_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> answers(a) & answers(b));
            // Payara prints "Data Grid Status ... DG Size: n" at boot and again whenever a member joins or leaves.
            await("one data grid of two members").atMost(BOOT_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> gridSize(a) == 2 && gridSize(b) == 2);
            System.out.printf("TwoPayaraSharedCacheIT: both instances serve, in one grid of 2, after %.1f s%n",
                (System.nanoTime() - start) / 1e9);
        } catch (Throwable t) {
            System.out.println("TwoPayaraSharedCacheIT: last answers to GET /api/node: " + lastAnswer);
            PrintLogsOnFailure.printLogs();
            throw t;
        }
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (ChildJvm jvm : new ChildJvm[] {a == null ? null : a.jvm(), b == null ? null : b.jvm(), node}) {
            if (jvm != null) {
                jvm.stop();
            }
        }
    }

    @Test
    @Order(1)
    void documentReadThroughA_isServedToBFromTheGrid_withoutANodeRead() throws Exception {
        int pages = 15;
        byte[] doc = randomBytes(pages * PAGE_SIZE - 1000); // a short last page
        put(a, "shared.bin", doc);
        long publishedBefore = cache(a).get("published");
        assertThat(get(a, "shared.bin")).isEqualTo(doc);
        await("A publishes the pages it read").atMost(Duration.ofSeconds(30)) // additions are asynchronous
            .until(() -> cache(a).get("published") - publishedBefore >= pages);

        long readsBefore = nodeReads(a);
        Map<String, Long> before = cache(b);
        assertThat(get(b, "shared.bin")).isEqualTo(doc);
        Map<String, Long> after = cache(b);
        assertThat(nodeReads(a)).as("the node's read counter; B's tiers %s -> %s", before, after)
            .isEqualTo(readsBefore);
        assertThat(after.get("clusterHits") - before.get("clusterHits")).as("B's cluster hits").isEqualTo(pages);
        assertThat(after.get("serverReads") - before.get("serverReads")).as("B's server reads").isZero();
        // The entries live on both JVMs' members (271 partitions split between two members; all 15 pages on A's
        // member alone has a chance of 2^-15): one grid, not two that happen to see the same node.
        assertThat(after.get("sharedPagesOnMember")).as("entries on B's member").isPositive();
        assertThat(cache(a).get("sharedPagesOnMember")).as("entries on A's member").isPositive();
    }

    @Test
    @Order(2)
    void writeAcknowledgedToOne_isNeverFollowedByAnOldReadOnTheOther() throws Exception {
        // Sizes grow and shrink, so truncation and the short last page change too.
        int[] sizes = {10 * PAGE_SIZE + 5, 3 * PAGE_SIZE, 12 * PAGE_SIZE - 7, PAGE_SIZE - 1, 7 * PAGE_SIZE,
            9 * PAGE_SIZE + 3};
        byte[] current = randomBytes(5 * PAGE_SIZE);
        put(a, "alternating.bin", current);
        for (int round = 0; round < sizes.length; round++) {
            Payara writer = round % 2 == 0 ? b : a;
            Payara reader = writer == a ? b : a;
            // The reader holds the current version in its tiers (local and grid) before the other writes.
            assertThat(get(reader, "alternating.bin")).as("round %d: %s before the write", round, reader)
                .isEqualTo(current);
            byte[] next = randomBytes(sizes[round]);
            put(writer, "alternating.bin", next);
            assertThat(get(reader, "alternating.bin"))
                .as("round %d: %s reads right after %s's acknowledged write", round, reader, writer).isEqualTo(next);
            assertThat(get(writer, "alternating.bin")).as("round %d: %s reads its own write", round, writer)
                .isEqualTo(next);
            current = next;
        }
        assertThat(Files.readAllBytes(root.resolve("documents/alternating.bin"))).as("the file on the node")
            .isEqualTo(current);
    }

    @Test
    @Order(3)
    void killingPayaraA_losesNoData_andBKeepsWorking() throws Exception {
        // A document whose pages are in the grid, some on each member.
        byte[] doc = randomBytes(15 * PAGE_SIZE + 123);
        put(a, "survivor.bin", doc);
        long published = cache(a).get("published");
        assertThat(get(a, "survivor.bin")).isEqualTo(doc);
        await("A publishes the pages it read").atMost(Duration.ofSeconds(30))
            .until(() -> cache(a).get("published") - published >= 16);
        assertThat(get(b, "survivor.bin")).isEqualTo(doc);

        a.jvm().kill(); // SIGKILL: A's member leaves no word; its entries are gone
        long killed = System.nanoTime();
        assertThat(get(b, "survivor.bin")).as("B reads right after A died").isEqualTo(doc);
        byte[] next = randomBytes(11 * PAGE_SIZE + 77);
        put(b, "survivor.bin", next);
        assertThat(get(b, "survivor.bin")).as("B reads its write while A's member is still listed").isEqualTo(next);
        System.out.printf("TwoPayaraSharedCacheIT: B read, wrote and read again %.1f s after SIGKILL of A; tiers %s%n",
            (System.nanoTime() - killed) / 1e9, cache(b));

        await("B's grid drops A's member").atMost(MEMBER_LOSS_TIMEOUT).pollInterval(Duration.ofSeconds(1))
            .until(() -> gridSize(b) == 1);
        System.out.printf("TwoPayaraSharedCacheIT: B's grid has 1 member %.1f s after SIGKILL of A%n",
            (System.nanoTime() - killed) / 1e9);
        assertThat(get(b, "survivor.bin")).as("B reads in a grid of one").isEqualTo(next);
        assertThat(get(b, "shared.bin")).as("a document of an earlier test").hasSize(15 * PAGE_SIZE - 1000);
        byte[] last = randomBytes(4 * PAGE_SIZE + 1);
        put(b, "survivor.bin", last);
        assertThat(get(b, "survivor.bin")).isEqualTo(last);
        assertThat(Files.readAllBytes(root.resolve("documents/survivor.bin"))).as("the file on the node")
            .isEqualTo(last);
    }

    // --- the processes ---

    /** Starts the node and returns its login (user, secret) from the admin.secret it writes on its first start. */
    private static String[] startNode(Path jar, Path dir, int port) throws IOException, InterruptedException {
        root = dir.resolve("root");
        Path data = dir.resolve("data");
        Files.createDirectories(root);
        Files.createDirectories(data);
        node = ChildJvm.builder("node").jvmOptions("-Xmx256m", "-XX:+UseSerialGC").jar(jar).args("server",
            "--root", root.toString(), "--port", String.valueOf(port), "--data-ports", "1",
            "--data-dir", data.toString()).directory(dir).log(dir.resolve("node.log")).start();
        Path secretFile = data.resolve("admin.secret");
        node.awaitUntil("a served port and the admin secret", NODE_TIMEOUT,
            () -> Files.exists(secretFile) && Files.readAllLines(secretFile).size() >= 2 && ChildJvm.accepts(port));
        List<String> lines = Files.readAllLines(secretFile);
        return new String[] {lines.get(0).trim(), lines.get(1).trim()};
    }

    /**
     * The post-boot file: deploys the adapter, then one server-wide pool sharing pages through Payara's own grid
     * member. Inside {@code --property}, ':' separates properties and '=' a name from its value, so both are escaped in
     * the value of {@code servers}. The login comes from the instance's environment ({@code ${ENV=...}}).
     */
    private static String postbootCommands(Path rar, int nodePort) {
        return "deploy --name cage-rar " + rar + "\n"
            + "create-connector-connection-pool --raname cage-rar"
            + " --connectiondefinition dev.cage.api.CageConnectionFactory --transactionsupport XATransaction"
            + " --property servers=main\\=127.0.0.1\\:" + nodePort
            + ":user=${ENV=CAGE_USER}:secret=${ENV=CAGE_SECRET}:sharedCache=true:pageSize=" + PAGE_SIZE
            + ":pageCount=" + PAGE_COUNT + " cage-pool\n"
            + "create-connector-resource --poolname cage-pool cage/factory\n";
    }

    private static Payara startPayara(String name, Path payaraJar, Path work, int httpPort, int hzPort,
                                      List<String> grid, Map<String, String> env, Path preboot, Path postboot,
                                      Path war) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path tmp = Files.createDirectories(dir.resolve("tmp")); // each unpacks its runtime here, not in /tmp
        List<String> args = new ArrayList<>(List.of("--name", name, "--port", String.valueOf(httpPort),
            "--startport", String.valueOf(hzPort)));
        args.addAll(grid);
        args.addAll(List.of("--prebootcommandfile", preboot.toString(), "--postbootcommandfile", postboot.toString(),
            "--deploy", war.toString()));
        ChildJvm jvm = ChildJvm.builder(name).jvmOptions("-Xmx512m", "-Djava.io.tmpdir=" + tmp,
                // The grid's socket would listen on every interface otherwise.
                "-Dhazelcast.socket.bind.any=false",
                // Should the two boot so close together that each forms a grid of its own, they merge within seconds
                // instead of Hazelcast's default first merge run after 300 s.
                "-Dhazelcast.merge.first.run.delay.seconds=10", "-Dhazelcast.merge.next.run.delay.seconds=10")
            .jar(payaraJar).args(args).env(env).directory(dir).log(dir.resolve("payara.log")).start();
        System.out.printf("TwoPayaraSharedCacheIT: %s PID %d, HTTP 127.0.0.1:%d, grid 127.0.0.1:%d%n", name,
            jvm.pid(), httpPort, hzPort);
        return new Payara(jvm, URI.create("http://127.0.0.1:" + httpPort + "/cage-example/api"));
    }

    /** The last grid size the instance printed, 0 before its first. */
    private static int gridSize(Payara p) {
        p.jvm().requireAlive();
        Matcher m = GRID_SIZE.matcher(p.jvm().readLog());
        int size = 0;
        while (m.find()) {
            size = Integer.parseInt(m.group(1));
        }
        return size;
    }

    private static boolean answers(Payara p) {
        p.jvm().requireAlive();
        try {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(p.at("/node")).timeout(Duration.ofSeconds(30))
                .build());
            lastAnswer.put(p.jvm().name(), r.statusCode() + " " + text(r).strip());
            return r.statusCode() == 200;
        } catch (IOException e) {
            lastAnswer.put(p.jvm().name(), e.toString()); // not listening yet, or still deploying
            return false;
        }
    }

    // --- the application's HTTP API ---

    private static void put(Payara p, String name, byte[] content) throws IOException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(p.at("/documents/" + name))
            .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(content))
            .timeout(Duration.ofSeconds(60)).build());
        assertThat(r.statusCode()).as("PUT %s via %s: %s", name, p, text(r)).isEqualTo(200);
    }

    private static byte[] get(Payara p, String name) throws IOException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(p.at("/documents/" + name))
            .timeout(Duration.ofSeconds(60)).build());
        assertThat(r.statusCode()).as("GET %s via %s: %s", name, p, text(r)).isEqualTo(200);
        return r.body();
    }

    /** The node's {@code reads} counter from {@code GET /api/node}. */
    private static long nodeReads(Payara p) throws IOException {
        String node = text(ok(p, "/node"));
        Matcher m = NODE_READS.matcher(node);
        assertThat(m.find()).as("reads in %s", node).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** {@code GET /api/cache}: the adapter's tier counters by name. */
    private static Map<String, Long> cache(Payara p) throws IOException {
        Map<String, Long> counters = new HashMap<>();
        for (String line : text(ok(p, "/cache")).split("\n")) {
            String[] pair = line.trim().split(" ");
            counters.put(pair[0], Long.parseLong(pair[1]));
        }
        return counters;
    }

    private static HttpResponse<byte[]> ok(Payara p, String path) throws IOException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(p.at(path)).timeout(Duration.ofSeconds(60)).build());
        assertThat(r.statusCode()).as("GET %s via %s: %s", path, p, text(r)).isEqualTo(200);
        return r;
    }

    private static HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }




    /** Prints the end of every log this test's processes wrote when a test (or the setup) fails. */
    static final class PrintLogsOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            printLogs();
        }

        static void printLogs() {
            for (ChildJvm jvm : new ChildJvm[] {a == null ? null : a.jvm(), b == null ? null : b.jvm(), node}) {
                if (jvm != null) {
                    System.out.println("--- last lines of " + jvm.name() + "'s log (PID " + jvm.pid() + ")");
                    System.out.println(jvm.logTail(60));
                }
            }
        }
    }
}
