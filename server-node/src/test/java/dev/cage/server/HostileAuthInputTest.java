package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.Scram;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broken logins on the main port: AUTH frames cut short, over their limits, out of order or forged. Each
 * gets the right error and the connection closes; a session opened before keeps working.
 */
class HostileAuthInputTest {
    @RegisterExtension
    static final NodeUnderAttack NODE = new NodeUnderAttack();

    @Test
    void authStart_truncatedBody_malformedFrameThenClose() throws IOException {
        byte[] cutUser = RawFrames.body(b -> b.writeShort(50).writeBytes(new byte[] {'a', 'd', 'm'}));
        byte[] cutNonce = RawFrames.body(b -> {
            Wire.writeString(b, "admin");
            b.writeInt(Scram.NONCE_BYTES).writeBytes(new byte[5]);
        });
        byte[] noNonce = RawFrames.body(b -> Wire.writeString(b, "admin"));
        for (byte[] body : new byte[][] {new byte[0], new byte[1], cutUser, cutNonce, noNonce}) {
            try (RawConnection c = RawConnection.greeted(NODE.node().port())) {
                int id = c.send(Opcode.AUTH_START, body);

                RawConnection.RawFrame reply = c.readErrorThenClose();
                assertThat(reply.statusCode()).isEqualTo(Status.MALFORMED_FRAME.code());
                assertThat(reply.requestId()).isEqualTo(id);
                assertThat(reply.message()).contains("truncated");
            }
        }
    }

    @Test
    void authStart_nonceOverLimitOrTrailingBytes_malformedFrameThenClose() throws IOException {
        byte[] hugeNonce = RawFrames.body(b -> {
            Wire.writeString(b, "admin");
            Wire.writeBytes(b, new byte[257]);
        });
        byte[] trailing = RawFrames.body(b -> {
            Wire.writeString(b, "admin");
            Wire.writeBytes(b, new byte[Scram.NONCE_BYTES]);
            b.writeByte(0);
        });
        for (byte[] body : new byte[][] {hugeNonce, trailing}) {
            try (RawConnection c = RawConnection.greeted(NODE.node().port())) {
                c.send(Opcode.AUTH_START, body);

                assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.MALFORMED_FRAME.code());
            }
        }
    }

    @Test
    void authProof_truncatedBody_malformedFrameThenClose() throws IOException {
        try (RawConnection c = RawConnection.greeted(NODE.node().port())) {
            c.call(Opcode.AUTH_START, authStart("admin")).okBody();
            int id = c.send(Opcode.AUTH_PROOF, RawFrames.body(b -> b.writeInt(32).writeBytes(new byte[7])));

            RawConnection.RawFrame reply = c.readErrorThenClose();
            assertThat(reply.statusCode()).isEqualTo(Status.MALFORMED_FRAME.code());
            assertThat(reply.requestId()).isEqualTo(id);
        }
    }

    @Test
    void authProof_beforeAuthStart_unexpectedMessageThenClose() throws IOException {
        try (RawConnection c = RawConnection.greeted(NODE.node().port())) {
            c.send(Opcode.AUTH_PROOF, RawFrames.body(b -> Wire.writeBytes(b, new byte[32])));

            assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.UNEXPECTED_MESSAGE.code());
        }
    }

    @Test
    void authProof_forgedProof_authFailedThenClose() throws IOException {
        // Not admin: failures slow down the next logins of the user they name, and the bystander is admin.
        try (RawConnection c = RawConnection.greeted(NODE.node().port())) {
            c.call(Opcode.AUTH_START, authStart("mallory")).okBody();
            c.send(Opcode.AUTH_PROOF, RawFrames.body(b -> Wire.writeBytes(b, new byte[32])));

            assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.AUTH_FAILED.code());
        }
    }

    private static byte[] authStart(String user) {
        return RawFrames.body(b -> {
            Wire.writeString(b, user);
            Wire.writeBytes(b, new byte[Scram.NONCE_BYTES]);
        });
    }
}
