package dev.cage.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM-SHA-256 computations (RFC 5802/7677) both ends need. The secret never crosses the wire:
 * the client proves it knows the salted secret by a proof bound to both nonces, and the server proves it
 * knows the stored keys by its signature. The server keeps only {@code StoredKey} and {@code ServerKey}.
 *
 * <pre>
 * SaltedPassword  = PBKDF2-HMAC-SHA256(secret, salt, iterations)
 * ClientKey       = HMAC(SaltedPassword, "Client Key")      StoredKey = SHA-256(ClientKey)
 * ServerKey       = HMAC(SaltedPassword, "Server Key")
 * AuthMessage     = user NUL clientNonce NUL serverNonce NUL salt
 * ClientProof     = ClientKey XOR HMAC(StoredKey, AuthMessage)
 * ServerSignature = HMAC(ServerKey, AuthMessage)
 * </pre>
 */
public final class Scram {
    public static final int NONCE_BYTES = 24;
    public static final int SALT_BYTES = 16;
    public static final int DEFAULT_ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scram() {
    }

    /** The keys a server stores for one user. */
    public record StoredKeys(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static StoredKeys deriveKeys(char[] secret, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(secret, salt, iterations);
        return new StoredKeys(salt, iterations, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
    }

    public static byte[] saltedPassword(char[] secret, byte[] salt, int iterations) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return f.generateSecret(new PBEKeySpec(secret, salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    public static byte[] authMessage(String user, byte[] clientNonce, byte[] serverNonce, byte[] salt) {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[u.length + clientNonce.length + serverNonce.length + salt.length + 3];
        int p = 0;
        for (byte[] part : new byte[][] {u, clientNonce, serverNonce, salt}) {
            System.arraycopy(part, 0, m, p, part.length);
            p += part.length;
            if (p < m.length) {
                m[p++] = 0;
            }
        }
        return m;
    }

    /** The client's proof, computed from the secret and the server's challenge. */
    public static byte[] clientProof(byte[] saltedPassword, byte[] authMessage) {
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        return xor(clientKey, hmac(sha256(clientKey), authMessage));
    }

    /** Whether a proof shows knowledge of the secret behind {@code keys}; constant-time. */
    public static boolean verifyProof(StoredKeys keys, byte[] authMessage, byte[] proof) {
        if (proof.length != keys.storedKey().length) {
            return false;
        }
        byte[] clientKey = xor(proof, hmac(keys.storedKey(), authMessage));
        return MessageDigest.isEqual(sha256(clientKey), keys.storedKey());
    }

    public static byte[] serverSignature(byte[] serverKey, byte[] authMessage) {
        return hmac(serverKey, authMessage);
    }

    public static byte[] serverKeyFromSalted(byte[] saltedPassword) {
        return hmac(saltedPassword, "Server Key");
    }

    private static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (byte) (a[i] ^ b[i]);
        }
        return r;
    }
}
