package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.OpenMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group member that is frozen (SIGSTOP) or cut off still has its connections accepted by the kernel, but answers
 * nothing. The client must pass it over within one response timeout and stay with the member that answers; before,
 * the login to the silent member took the whole timeout, the request at the next member was sent with no time left,
 * and that "no answer" sent the client back to the silent one: a frozen leader held writers for tens of seconds.
 */
class FrozenMemberTest {
    @TempDir
    Path tmp;

    @Test
    void aMemberThatAcceptsButNeverAnswers_isPassedOverWithinTheTimeout_andNotVisitedAgain() throws Exception {
        try (TestNode node = TestNode.start(tmp); SilentMember silent = new SilentMember()) {
            ServerSpec spec = new ServerSpec("127.0.0.1", silent.port(), "admin", node.secret())
                .withGroup(List.of("127.0.0.1:" + node.port())); // the silent member is tried first
            try (Cage cage = Cage.builder().name("t").pageCount(0).responseTimeout(Duration.ofSeconds(3))
                .server("g", spec).build()) {
                CageChannel ch = cage.open("g", "f.bin", OpenMode.EXCLUSIVE, true);
                byte[] expected = new byte[20 * 100];
                for (int i = 0; i < 20; i++) {
                    byte[] record = new byte[100];
                    java.util.Arrays.fill(record, (byte) i);
                    cage.write(ch, i * 100L, record);
                    System.arraycopy(record, 0, expected, i * 100, 100);
                }
                assertThat(cage.read(ch, 0, expected.length)).isEqualTo(expected);
                cage.close(ch);
            }
            assertThat(silent.accepted()).as("connections made to the silent member").isEqualTo(1);
        }
    }

    /** Accepts connections and keeps them open, reading and answering nothing. */
    private static final class SilentMember implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::acceptAll, "silent-member");

        SilentMember() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return held.size();
        }

        private void acceptAll() {
            try {
                while (true) {
                    held.add(server.accept());
                }
            } catch (IOException closed) {
                // close() ends the loop
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
