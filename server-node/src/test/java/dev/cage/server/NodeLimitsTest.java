package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.LimitReachedException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.Status;
import dev.cage.protocol.message.ChecksumsRequest;
import dev.cage.protocol.message.ReadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One user (or one peer) must not be able to take the node from the others: each limit of {@link NodeLimits} refuses
 * the one request or connection past it with {@code LIMIT_REACHED}, while a {@link Bystander} keeps working and loses
 * nothing. Limits are set small here so that reaching them is cheap.
 */
class NodeLimitsTest {
    private static final NodeLimits SMALL = NodeLimits.DEFAULT.withChannelsPerSession(8).withOpenChannels(20)
        .withSessionsPerUser(3).withConnections(12, 40).withLoginDeadline(Duration.ofSeconds(2))
        .withPendingBytes(4L << 20, 64L << 20);

    @TempDir
    Path tmp;
    private TestNode node;
    private Bystander bystander;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        node = TestNode.start(tmp, b -> b.limits(SMALL));
        bystander = Bystander.start(node);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        bystander.assertUnharmed();
        bystander.close();
        node.close();
    }

    private Cage user(String name) throws IOException {
        String secret;
        try (Cage admin = node.client("n")) {
            secret = admin.admin("n").putUser(name, false);
        }
        return client(name, secret);
    }

    private Cage client(String name, String secret) throws IOException {
        Cage c = Cage.builder().name("limits").server("n", new ServerSpec("127.0.0.1", node.port(), name, secret))
            .responseTimeout(Duration.ofSeconds(10)).build();
        opened.add(c);
        return c;
    }

    @Test
    void aSessionCannotOpenMoreChannelsThanItsLimit_andARefusedCreateCreatesNothing() throws IOException {
        Cage mallory = user("mallory");
        List<CageChannel> held = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            held.add(mallory.open("n", "m" + i, OpenMode.SHARED_WRITE, true));
        }
        assertThatThrownBy(() -> mallory.open("n", "m8", OpenMode.SHARED_WRITE, true))
            .isInstanceOf(LimitReachedException.class).hasMessageContaining("channelsPerSession 8");
        assertThat(node.root().resolve("m8")).as("a refused OPEN with create").doesNotExist();
        mallory.close(held.get(0));
        mallory.close(mallory.open("n", "m8", OpenMode.SHARED_WRITE, true)); // closing one made room again
    }

    @Test
    void theNodeHoldsNoMoreChannelsThanItsLimit_whateverTheSessions() throws IOException {
        // The bystander holds one; three sessions of up to seven more reach the node's 20.
        Cage[] users = {user("u1"), user("u2"), user("u3")};
        int opened = 1;
        for (Cage u : users) {
            for (int i = 0; i < 7 && opened < 20; i++, opened++) {
                u.open("n", "f" + opened, OpenMode.SHARED_WRITE, true);
            }
        }
        assertThatThrownBy(() -> users[2].open("n", "one-more", OpenMode.SHARED_WRITE, true))
            .isInstanceOf(LimitReachedException.class).hasMessageContaining("openChannels 20");
        assertThat(node.node().openChannelCount()).isEqualTo(20);
    }

    @Test
    void aUserHasNoMoreSessionsThanItsLimit_butTheAdminIsNeverRefused() throws IOException {
        String secret;
        try (Cage admin = node.client("n")) {
            secret = admin.admin("n").putUser("eve", false);
        }
        for (int i = 0; i < 3; i++) {
            client("eve", secret).list("n", "");
        }
        assertThatThrownBy(() -> client("eve", secret).list("n", ""))
            .isInstanceOf(LimitReachedException.class).hasMessageContaining("sessionsPerUser");
        for (int i = 0; i < 4; i++) {
            Cage admin = node.client("n");
            opened.add(admin);
            admin.list("n", "");
        }
    }

    @Test
    void connectionsPastTheLimitOfOneAddressAreRefused_othersStillLogIn() throws IOException {
        List<Socket> flood = new ArrayList<>();
        try {
            // From 127.0.0.2, so the bystander (from 127.0.0.1) is another address. Connections become active on
            // several event loops, so which of the thirteen is refused is not known in advance: exactly one is, at once.
            for (int i = 0; i < 13; i++) {
                flood.add(connectFrom("127.0.0.2", node.port()));
            }
            try (Cage fresh = node.client("n")) {
                assertThat(fresh.list("n", "")).isNotEmpty(); // another address logs in meanwhile
            }
            int refused = 0;
            for (Socket s : flood) {
                RawConnection.RawFrame error = RawConnection.adopt(s).read(); // the others: their login deadline
                if (error.statusCode() == Status.LIMIT_REACHED.code()) {
                    refused++;
                    assertThat(error.message()).contains("connectionsPerAddress 12");
                } else {
                    assertThat(error.statusCode()).isEqualTo(Status.SESSION_EXPIRED.code());
                }
            }
            assertThat(refused).isEqualTo(1);
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> node.node().connectionCount() <= 2);
    }

    @Test
    void aLoginThatTricklesBytesIsClosedAtItsDeadline() throws Exception {
        try (Socket s = connectFrom("127.0.0.1", node.port())) {
            long start = System.nanoTime();
            // A frame header announcing 4000 bytes, then its body a byte every 100 ms: a read timeout would restart
            // with each byte; the login deadline (2 s here) does not.
            s.getOutputStream().write(RawFrames.header(4005, Opcode.HELLO.code(), 1));
            InputStream in = s.getInputStream();
            s.setSoTimeout(100);
            boolean closed = false;
            for (int i = 0; i < 100 && !closed; i++) {
                try {
                    s.getOutputStream().write(0);
                    while (!closed) {
                        closed = in.read() == -1; // the deadline's error frame, then the end of the stream
                    }
                } catch (java.net.SocketTimeoutException quiet) {
                    // nothing from the node yet
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed by the node while trickling").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
        }
    }

    @Test
    void readsWhoseRepliesAreNeverReadHoldNoMoreThanTheConnectionsBudget() throws Exception {
        Files.write(node.root().resolve("big.bin"), new byte[1 << 20]);
        try (RawConnection c = RawLogin.session(node)) {
            long handle = RawLogin.open(c, "big.bin", OpenMode.SHARED_READ.code(), false);
            byte[] read = RawFrames.body(b -> new ReadRequest(handle, 0, 1 << 20).encode(b));
            for (int i = 0; i < 600; i++) { // 600 MiB of replies asked for; none read
                c.send(RawFrames.frame(Opcode.READ, 1000 + i, read));
            }
            // The node stops taking requests from the connection once its budget (4 MiB) or its write buffer (4 MiB)
            // is full: what it holds stays near them, not the 600 MiB asked for.
            await().atMost(Duration.ofSeconds(20)).until(() -> node.node().heldBytes() >= (4L << 20));
            bystander.assertUnharmed();
            assertThat(node.node().heldBytes()).isLessThanOrEqualTo(16L << 20);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> node.node().heldBytes() == 0);
    }

    @Test
    void checksumsOfTooManyOrTooLargePagesAreRefused_theSessionGoesOn() throws Exception {
        Files.write(node.root().resolve("c.bin"), new byte[8192]);
        try (RawConnection c = RawLogin.session(node)) {
            long handle = RawLogin.open(c, "c.bin", OpenMode.SHARED_READ.code(), false);
            int pageSize = 1 << 20;
            List<Long> tooMany = LongStream.range(0, ChecksumsRequest.maxPages(pageSize) + 1L).boxed().toList();
            RawConnection.RawFrame refused = c.call(Opcode.CHECKSUMS,
                RawFrames.body(b -> new ChecksumsRequest(handle, pageSize, tooMany).encode(b)));
            assertThat(refused.statusCode()).isEqualTo(Status.LIMIT_REACHED.code());
            assertThat(refused.message()).contains("at most 256 pages");
            RawConnection.RawFrame hugePage = c.call(Opcode.CHECKSUMS,
                RawFrames.body(b -> new ChecksumsRequest(handle, 64 << 20, List.of(0L)).encode(b)));
            assertThat(hugePage.statusCode()).isEqualTo(Status.INVALID_ARGUMENT.code());
            RawConnection.RawFrame ok = c.call(Opcode.CHECKSUMS,
                RawFrames.body(b -> new ChecksumsRequest(handle, 4096, List.of(0L, 1L)).encode(b)));
            assertThat(ok.statusCode()).as("the session still works").isEqualTo(Status.OK.code());
        }
    }

    private static Socket connectFrom(String local, int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(RawConnection.TIMEOUT_MS);
        s.bind(new InetSocketAddress(local, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), RawConnection.TIMEOUT_MS);
        return s;
    }
}
