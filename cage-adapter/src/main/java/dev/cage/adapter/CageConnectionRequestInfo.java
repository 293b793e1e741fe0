package dev.cage.adapter;

import jakarta.resource.spi.ConnectionRequestInfo;
import java.util.Objects;

/**
 * What an application asked for when it got a connection: a user other than the factory's. Pooled
 * connections are matched on it, so connections of different users are never shared.
 */
final class CageConnectionRequestInfo implements ConnectionRequestInfo {
    private final String user;
    private final String secret;

    CageConnectionRequestInfo(String user, String secret) {
        this.user = Objects.requireNonNull(user, "user");
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    String user() {
        return user;
    }

    String secret() {
        return secret;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CageConnectionRequestInfo r && r.user.equals(user) && r.secret.equals(secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, secret);
    }

    @Override
    public String toString() {
        return "CageConnectionRequestInfo[user=" + user + "]";
    }
}
