package dev.cage.server;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.Scram;
import dev.cage.protocol.message.AuthProofReply;
import dev.cage.protocol.message.AuthProofRequest;
import dev.cage.protocol.message.AuthStartReply;
import dev.cage.protocol.message.AuthStartRequest;
import java.io.IOException;
import java.util.Arrays;

/**
 * The SCRAM login of {@link RawLogin}, for a test that logs in thousands of times: the salted secret (4,096 rounds of
 * PBKDF2) is derived once per salt, as a client that keeps it would, so a login costs two round trips and a few HMACs.
 */
final class CachedLogin {
    private final int mainPort;
    private final String user;
    private final char[] secret;
    private byte[] salt;
    private byte[] salted;

    CachedLogin(int mainPort, String user, String secret) {
        this.mainPort = mainPort;
        this.user = user;
        this.secret = secret.toCharArray();
    }

    RawLogin.Grant login() throws IOException {
        try (RawConnection c = RawConnection.greeted(mainPort)) {
            byte[] clientNonce = Scram.randomBytes(Scram.NONCE_BYTES);
            AuthStartReply challenge = AuthStartReply.decode(
                c.call(Opcode.AUTH_START, RawFrames.body(new AuthStartRequest(user, clientNonce)::encode)).okBody());
            if (!Arrays.equals(challenge.salt(), salt)) {
                salt = challenge.salt();
                salted = Scram.saltedPassword(secret, salt, challenge.iterations());
            }
            byte[] proof = Scram.clientProof(salted, Scram.authMessage(user, clientNonce, challenge.serverNonce(), salt));
            AuthProofReply granted = AuthProofReply.decode(
                c.call(Opcode.AUTH_PROOF, RawFrames.body(new AuthProofRequest(proof)::encode)).okBody());
            c.assertClosedByPeer(); // the main port only authenticates
            return new RawLogin.Grant(granted.token(), granted.dataPort(), granted.sessionId());
        }
    }
}
