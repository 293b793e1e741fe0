package dev.cage.client;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a named server is and how to log in to it.
 *
 * @param host        host name or address
 * @param port        the node's main (authentication) port
 * @param user        user name
 * @param secret      the user's secret; it never leaves this process (SCRAM-SHA-256)
 * @param tlsTrust    PEM certificate(s) to trust for TLS, or {@code null} for a plain connection
 */
public record ServerSpec(String host, int port, String user, char[] secret, Path tlsTrust) {
    public ServerSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        secret = secret.clone();
    }

    public ServerSpec(String host, int port, String user, String secret) {
        this(host, port, user, secret.toCharArray(), null);
    }

    /** The same server over TLS, trusting the given PEM certificate(s). */
    public ServerSpec withTls(Path trust) {
        return new ServerSpec(host, port, user, secret, trust);
    }

    @Override
    public char[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerSpec s && s.host.equals(host) && s.port == port && s.user.equals(user)
            && Arrays.equals(s.secret, secret) && Objects.equals(s.tlsTrust, tlsTrust);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, user);
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + (tlsTrust != null ? " (TLS)" : "");
    }
}
