package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import dev.cage.protocol.message.AttachRequest;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A data port before ATTACH: made-up, reused and misdirected tokens, requests before attaching, and frames
 * over the login limit. Each gets the right error and the connection closes; a session opened before
 * keeps working.
 */
class HostileAttachInputTest {
    @RegisterExtension
    static final NodeUnderAttack NODE = new NodeUnderAttack();

    @Test
    void attach_madeUpToken_tokenInvalidThenClose() throws IOException {
        for (int port : NODE.node().node().dataPorts()) {
            try (RawConnection c = RawConnection.greeted(port)) {
                c.send(Opcode.ATTACH, tokenBody("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

                assertThat(c.readErrorThenClose().statusCode()).as("port %d", port).isEqualTo(Status.TOKEN_INVALID.code());
            }
        }
    }

    @Test
    void attach_emptyOrLongToken_tokenInvalidThenClose() throws IOException {
        int port = NODE.node().node().dataPorts()[0];
        for (String token : new String[] {"", "x".repeat(8000)}) {
            try (RawConnection c = RawConnection.greeted(port)) {
                c.send(Opcode.ATTACH, tokenBody(token));

                assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.TOKEN_INVALID.code());
            }
        }
    }

    @Test
    void attach_onMainPort_unexpectedMessageThenClose() throws IOException {
        RawLogin.Grant grant = RawLogin.login(NODE.node().port(), "admin", NODE.node().secret());
        try (RawConnection c = RawConnection.greeted(NODE.node().port())) {
            c.send(Opcode.ATTACH, tokenBody(grant.token()));

            assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.UNEXPECTED_MESSAGE.code());
        }
    }

    @Test
    void attach_tokenAlreadyUsed_tokenInvalidAndFirstSessionUnharmed() throws IOException {
        RawLogin.Grant grant = RawLogin.login(NODE.node().port(), "admin", NODE.node().secret());
        try (RawConnection first = RawLogin.attach(grant); RawConnection second = RawConnection.greeted(grant.dataPort())) {
            second.send(Opcode.ATTACH, tokenBody(grant.token()));

            assertThat(second.readErrorThenClose().statusCode()).isEqualTo(Status.TOKEN_INVALID.code());
            assertThat(first.call(Opcode.STAT, pathBody("")).statusCode()).isEqualTo(Status.OK.code());
        }
    }

    @Test
    void attach_tokenOnAnotherDataPort_tokenInvalid() throws IOException {
        RawLogin.Grant grant = RawLogin.login(NODE.node().port(), "admin", NODE.node().secret());
        int other = Arrays.stream(NODE.node().node().dataPorts()).filter(p -> p != grant.dataPort()).findFirst().orElseThrow();
        try (RawConnection c = RawConnection.greeted(other)) {
            c.send(Opcode.ATTACH, tokenBody(grant.token()));

            assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.TOKEN_INVALID.code());
        }
    }

    @Test
    void attach_unknownFlagsOrNone_malformedFrameThenClose_andTheTokenStillAttachesOnce() throws IOException {
        RawLogin.Grant grant = RawLogin.login(NODE.node().port(), "admin", NODE.node().secret());
        byte[][] bodies = {
            RawFrames.body(b -> {
                Wire.writeString(b, grant.token());
                b.writeByte(0x82); // flags this node does not know
            }),
            RawFrames.body(b -> Wire.writeString(b, grant.token())), // no flags at all: a client of protocol 2
        };
        for (byte[] body : bodies) {
            try (RawConnection c = RawConnection.greeted(grant.dataPort())) {
                c.send(Opcode.ATTACH, body);

                assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.MALFORMED_FRAME.code());
            }
        }
        try (RawConnection attached = RawLogin.attach(grant)) {
            assertThat(attached.call(Opcode.STAT, pathBody("")).statusCode()).isEqualTo(Status.OK.code());
        }
    }

    @Test
    void request_beforeAttach_unexpectedMessageThenClose() throws IOException {
        try (RawConnection c = RawConnection.greeted(NODE.node().node().dataPorts()[0])) {
            int id = c.send(Opcode.STAT, pathBody(""));

            RawConnection.RawFrame reply = c.readErrorThenClose();
            assertThat(reply.statusCode()).isEqualTo(Status.UNEXPECTED_MESSAGE.code());
            assertThat(reply.requestId()).isEqualTo(id);
        }
    }

    @Test
    void frame_overTheLoginLimitBeforeAttach_frameTooLargeThenClose() throws IOException {
        // Until it attaches, a data connection is a stranger: it gets the main port's small limit, not the
        // session limit, so it cannot make the node buffer a megabyte it has not earned.
        for (int port : NODE.node().node().dataPorts()) {
            try (RawConnection c = RawConnection.greeted(port)) {
                c.send(RawFrames.concat(RawFrames.header(CageNode.LOGIN_MAX_FRAME + 1L, Opcode.ATTACH.code(), 2), new byte[100]));

                assertThat(c.readErrorThenClose().statusCode()).as("port %d", port).isEqualTo(Status.FRAME_TOO_LARGE.code());
            }
        }
    }

    private static byte[] tokenBody(String token) {
        return RawFrames.body(b -> new AttachRequest(token, false).encode(b));
    }

    private static byte[] pathBody(String path) {
        return RawFrames.body(b -> Wire.writeString(b, path));
    }
}
