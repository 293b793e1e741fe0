package dev.cage.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A wrong port or a node not started is said at once, not after the response timeout. */
class RefusedConnectionTest {
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void firstCall_nothingListensOnThePort_failsAtOnceNamingTheAddress() throws Exception {
        int port = portNobodyListensOn();
        try (Cage cage = Cage.builder().pageCount(0).responseTimeout(RESPONSE_TIMEOUT)
                .server("s", new ServerSpec("127.0.0.1", port, "admin", "secret")).build()) {
            long started = System.nanoTime();
            Throwable thrown = catchThrowable(() -> cage.stat("s", ""));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(thrown).isInstanceOf(ConnectionRefusedException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + port)
                .hasMessageContaining("nothing accepted the connection");
            // Well under the response timeout: the link does not wait it out for a node that is not there.
            assertThat(tookMillis).isLessThan(3_000);
        }
    }

    /** A port that was free a moment ago: bound, noted, closed. */
    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
