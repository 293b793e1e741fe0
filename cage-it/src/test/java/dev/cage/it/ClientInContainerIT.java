package dev.cage.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.CageException;
import dev.cage.protocol.OpenMode;
import jakarta.annotation.Resource;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the in-container harness without the resource adapter: a WAR with the plain {@link Cage} client runs
 * inside Payara Micro against a real node that {@link NodeProcess} starts, kills and restarts from inside the
 * server. Also checks that the post-boot command file set up the XA datasource.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ClientInContainerIT {
    private static final String SERVER = "main";

    @Resource(lookup = "jdbc/cage-xa")
    DataSource xaDataSource;

    /** Runs on the client side (failsafe's JVM), where cage-it's pom put the client's jars in a folder. */
    @Deployment
    public static WebArchive deployment() throws IOException {
        Path libs = Path.of(System.getProperty("cage.it.clientLibs", "target/client-libs"));
        Path testLibs = Path.of(System.getProperty("cage.it.testLibs", "target/test-libs")); // NodeProcess needs cage-testkit
        try (Stream<Path> jars = Stream.concat(Files.list(libs), Files.list(testLibs))) {
            return ShrinkWrap.create(WebArchive.class, "client-it.war")
                .addClass(NodeProcess.class)
                .addAsLibraries(jars.map(Path::toFile).toArray(File[]::new));
        }
    }

    @Test
    @Order(1)
    public void plainClient_writesAndReadsBack_sameBytes() throws Exception {
        NodeProcess node = NodeProcess.fromSystemProperties().start();
        byte[] data = randomBytes(300_000, 1);
        try (Cage cage = client(node, 16)) {
            try (CageChannel ch = cage.open(SERVER, "round-trip.bin", OpenMode.EXCLUSIVE, true)) {
                cage.truncate(ch, 0);
                cage.write(ch, 0, data);
                cage.putPages(ch);
            }
            try (CageChannel ch = cage.open(SERVER, "round-trip.bin", OpenMode.SHARED_READ)) {
                assertArrayEquals(data, cage.read(ch, 0, data.length));
            }
        }
        // And the bytes are on the node's disk, not only in the client's cache.
        assertArrayEquals(data, Files.readAllBytes(node.root().resolve("round-trip.bin")));
    }

    @Test
    @Order(2)
    public void nodeKilledAndRestarted_clientsNextCallWorks() throws Exception {
        NodeProcess node = NodeProcess.fromSystemProperties().start();
        byte[] data = randomBytes(100_000, 2);
        try (Cage cage = client(node, 0)) { // no cache: every read below goes to the node
            CageChannel ch = cage.open(SERVER, "restart.bin", OpenMode.EXCLUSIVE, true);
            cage.truncate(ch, 0);
            cage.write(ch, 0, data); // acknowledged: journaled on the node
            node.kill();
            node.restart();
            // The client logs in again by itself and reopens the channel, then repeats the read.
            assertArrayEquals(data, cage.read(ch, 0, data.length));
            assertEquals(data.length, cage.stat(SERVER, "restart.bin").size());
            cage.close(ch);
        }
    }

    @Test
    @Order(3)
    public void xaDataSource_fromPostBootFile_answers() throws Exception {
        try (Connection c = xaDataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT H2VERSION()")) {
            assertTrue(r.next());
            assertTrue(r.getString(1).startsWith("2."), "H2 version " + r.getString(1));
        }
        // The whole url property arrived, escaped '=' included: the in-memory database outlives its connections.
        try (Connection c = xaDataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(
                 "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'DB_CLOSE_DELAY'")) {
            assertTrue(r.next());
            assertEquals("-1", r.getString(1));
        }
    }

    /** Last: the explicit stop (the shutdown hook is the fallback). */
    @Test
    @Order(4)
    public void stop_endsTheNode_portIsFree() throws Exception {
        NodeProcess node = NodeProcess.fromSystemProperties();
        node.stop();
        assertFalse(accepts(node.port()), "port " + node.port() + " still accepts after stop()");
    }

    private static Cage client(NodeProcess node, int pageCount) throws CageException {
        return Cage.builder().name("it").pageCount(pageCount)
            .server(SERVER, new ServerSpec("127.0.0.1", node.port(), node.user(), node.secret()))
            .responseTimeout(Duration.ofSeconds(15))
            .build();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
