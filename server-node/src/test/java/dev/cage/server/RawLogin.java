package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.Scram;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/** The SCRAM login and ATTACH done by hand over {@link RawConnection}s, as the real client does them. */
final class RawLogin {
    /** What the main port grants: the token, the data port to present it on, and the session id. */
    record Grant(String token, int dataPort, long sessionId) {
    }

    private RawLogin() {
    }

    /** Logs in on the main port, checking the server's signature; the main connection is closed after. */
    static Grant login(int mainPort, String user, String secret) throws IOException {
        try (RawConnection c = RawConnection.greeted(mainPort)) {
            byte[] clientNonce = Scram.randomBytes(Scram.NONCE_BYTES);
            ByteBuf challenge = c.call(Opcode.AUTH_START, RawFrames.body(b -> {
                Wire.writeString(b, user);
                Wire.writeBytes(b, clientNonce);
            })).okBody();
            byte[] salt = Wire.readBytes(challenge, 256);
            int iterations = Wire.readInt(challenge);
            byte[] serverNonce = Wire.readBytes(challenge, 256);

            byte[] salted = Scram.saltedPassword(secret.toCharArray(), salt, iterations);
            byte[] authMessage = Scram.authMessage(user, clientNonce, serverNonce, salt);
            byte[] proof = Scram.clientProof(salted, authMessage);
            ByteBuf granted = c.call(Opcode.AUTH_PROOF, RawFrames.body(b -> Wire.writeBytes(b, proof))).okBody();

            assertThat(Wire.readBytes(granted, 256)).as("server signature")
                .isEqualTo(Scram.serverSignature(Scram.serverKeyFromSalted(salted), authMessage));
            Grant grant = new Grant(Wire.readString(granted), Wire.readUnsignedShort(granted), Wire.readLong(granted));
            c.assertClosedByPeer(); // the main port only authenticates
            return grant;
        }
    }

    /** Opens the granted data port, says HELLO and attaches with the token. */
    static RawConnection attach(Grant grant) throws IOException {
        RawConnection c = RawConnection.greeted(grant.dataPort());
        ByteBuf reply = c.call(Opcode.ATTACH, RawFrames.body(b -> new dev.cage.protocol.message.AttachRequest(grant.token(), false).encode(b))).okBody();
        assertThat(reply.readLong()).as("session id").isEqualTo(grant.sessionId());
        return c;
    }

    /** Logs in and attaches: a raw, ready data-port session. */
    static RawConnection session(TestNode node) throws IOException {
        return attach(login(node.port(), "admin", node.secret()));
    }

    /** Opens a file on a raw session and returns its handle. */
    static long open(RawConnection c, String path, int modeCode, boolean create) throws IOException {
        ByteBuf reply = c.call(Opcode.OPEN, RawFrames.body(b -> {
            Wire.writeString(b, path);
            b.writeByte(modeCode).writeByte(create ? 1 : 0);
        })).okBody();
        return reply.readLong();
    }
}
