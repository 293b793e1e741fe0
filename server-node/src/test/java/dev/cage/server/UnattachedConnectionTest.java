package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data-port connection that does not ATTACH within a token's lifetime is closed, whatever it is doing
 * meanwhile (nothing, or a frame it never finishes), so strangers cannot hold connections and buffers
 * forever. The token lifetime is short here; the tests wait for the close by a bounded blocking read.
 */
class UnattachedConnectionTest {
    @TempDir
    static Path tmp;
    static TestNode node;

    @BeforeAll
    static void start() throws IOException {
        node = TestNode.start(tmp, b -> b.tokenTtl(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void connection_silentWithoutHello_closedAfterTheTokenLifetime() throws IOException {
        try (RawConnection c = RawConnection.open(node.node().dataPorts()[0])) {
            assertThat(c.readErrorOrClose()).isIn(-1, Status.TOKEN_INVALID.code());
        }
    }

    @Test
    void connection_helloButNoAttach_tokenInvalidThenClose() throws IOException {
        try (RawConnection c = RawConnection.greeted(node.node().dataPorts()[0])) {
            assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.TOKEN_INVALID.code());
        }
    }

    @Test
    void connection_frameNeverFinished_closedAfterTheTokenLifetime() throws IOException {
        try (RawConnection c = RawConnection.greeted(node.node().dataPorts()[0])) {
            c.send(RawFrames.concat(RawFrames.header(CageNode.LOGIN_MAX_FRAME, Opcode.ATTACH.code(), 2), new byte[100]));

            assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.TOKEN_INVALID.code());
        }
    }

    @Test
    void connection_attachedBeforeAStrangersDeadline_outlivesIt() throws IOException {
        try (RawConnection attached = RawLogin.session(node);
             RawConnection stranger = RawConnection.greeted(node.node().dataPorts()[0])) {
            stranger.readErrorThenClose(); // the stranger's deadline passed, so the attached one's has too

            assertThat(attached.call(Opcode.STAT, RawFrames.body(b -> b.writeShort(0))).statusCode())
                .isEqualTo(Status.OK.code());
        }
    }
}
