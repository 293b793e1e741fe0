package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The SCRAM-SHA-256 computations: the RFC 7677 example, then the ways a proof must fail. Salts and
 * nonces are fixed bytes, so every run computes the same values.
 */
class ScramTest {
    private static final String USER = "alice";
    private static final char[] SECRET = "correct horse battery staple".toCharArray();
    private static final byte[] SALT = filled(Scram.SALT_BYTES, 0x11);
    private static final byte[] CLIENT_NONCE = filled(Scram.NONCE_BYTES, 0x22);
    private static final byte[] SERVER_NONCE = filled(Scram.NONCE_BYTES, 0x33);
    private static final int ITERATIONS = 4096;
    private static final Scram.StoredKeys KEYS = Scram.deriveKeys(SECRET, SALT, ITERATIONS);

    @Test
    void clientProofAndServerSignature_rfc7677Example_matchTheRfc() {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        byte[] salted = Scram.saltedPassword("pencil".toCharArray(), salt, 4096);
        byte[] authMessage = ("n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")
            .getBytes(StandardCharsets.US_ASCII);

        byte[] proof = Scram.clientProof(salted, authMessage);
        byte[] signature = Scram.serverSignature(Scram.serverKeyFromSalted(salted), authMessage);

        assertThat(Base64.getEncoder().encodeToString(proof)).isEqualTo("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(Base64.getEncoder().encodeToString(signature)).isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assertThat(Scram.verifyProof(Scram.deriveKeys("pencil".toCharArray(), salt, 4096), authMessage, proof)).isTrue();
    }

    @Test
    void verifyProof_proofFromTheRightSecret_succeeds() {
        byte[] authMessage = authMessage(SERVER_NONCE);

        assertThat(Scram.verifyProof(KEYS, authMessage, proof(SECRET, authMessage))).isTrue();
    }

    @Test
    void serverSignature_fromStoredServerKey_equalsWhatTheClientExpects() {
        byte[] authMessage = authMessage(SERVER_NONCE);
        byte[] clientSide = Scram.serverSignature(
            Scram.serverKeyFromSalted(Scram.saltedPassword(SECRET, SALT, ITERATIONS)), authMessage);

        assertThat(Scram.serverSignature(KEYS.serverKey(), authMessage)).isEqualTo(clientSide);
    }

    @Test
    void verifyProof_proofFromAWrongSecret_fails() {
        byte[] authMessage = authMessage(SERVER_NONCE);

        assertThat(Scram.verifyProof(KEYS, authMessage, proof("correct horse battery stapler".toCharArray(), authMessage)))
            .isFalse();
    }

    @Test
    void verifyProof_anySingleBitFlipped_fails() {
        byte[] authMessage = authMessage(SERVER_NONCE);
        byte[] proof = proof(SECRET, authMessage);

        for (int bit = 0; bit < proof.length * 8; bit++) {
            byte[] tampered = proof.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Scram.verifyProof(KEYS, authMessage, tampered)).as("proof with bit %d flipped", bit).isFalse();
        }
    }

    @Test
    void verifyProof_proofOfTheWrongLength_failsWithoutThrowing() {
        byte[] authMessage = authMessage(SERVER_NONCE);
        byte[] proof = proof(SECRET, authMessage);

        assertThat(Scram.verifyProof(KEYS, authMessage, new byte[0])).isFalse();
        assertThat(Scram.verifyProof(KEYS, authMessage, Arrays.copyOf(proof, proof.length - 1))).isFalse();
        assertThat(Scram.verifyProof(KEYS, authMessage, Arrays.copyOf(proof, proof.length + 1))).isFalse();
    }

    @Test
    void verifyProof_replayedAgainstAnotherServerNonce_fails() {
        byte[] recorded = proof(SECRET, authMessage(SERVER_NONCE));
        byte[] otherNonce = filled(Scram.NONCE_BYTES, 0x34);

        assertThat(Scram.verifyProof(KEYS, authMessage(otherNonce), recorded)).isFalse();
    }

    @Test
    void verifyProof_replayedForAnotherUserOrClientNonce_fails() {
        byte[] recorded = proof(SECRET, authMessage(SERVER_NONCE));

        assertThat(Scram.verifyProof(KEYS, Scram.authMessage("alicf", CLIENT_NONCE, SERVER_NONCE, SALT), recorded)).isFalse();
        assertThat(Scram.verifyProof(KEYS, Scram.authMessage(USER, filled(Scram.NONCE_BYTES, 0x23), SERVER_NONCE, SALT),
            recorded)).isFalse();
    }

    @Test
    void authMessage_parts_areJoinedByNulInOrder() {
        byte[] m = Scram.authMessage("u", new byte[] {1, 2}, new byte[] {3}, new byte[] {4, 5});

        assertThat(m).containsExactly('u', 0, 1, 2, 0, 3, 0, 4, 5);
    }

    @Test
    void deriveKeys_sameInputs_giveSameKeysAndDifferentSaltsDoNot() {
        Scram.StoredKeys again = Scram.deriveKeys(SECRET, SALT, ITERATIONS);
        Scram.StoredKeys otherSalt = Scram.deriveKeys(SECRET, filled(Scram.SALT_BYTES, 0x12), ITERATIONS);

        assertThat(again.storedKey()).isEqualTo(KEYS.storedKey());
        assertThat(again.serverKey()).isEqualTo(KEYS.serverKey());
        assertThat(otherSalt.storedKey()).isNotEqualTo(KEYS.storedKey());
        assertThat(KEYS.storedKey()).isNotEqualTo(KEYS.serverKey());
    }

    private static byte[] authMessage(byte[] serverNonce) {
        return Scram.authMessage(USER, CLIENT_NONCE, serverNonce, SALT);
    }

    private static byte[] proof(char[] secret, byte[] authMessage) {
        return Scram.clientProof(Scram.saltedPassword(secret, SALT, ITERATIONS), authMessage);
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
