package dev.cage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Who a client command logs in as. Found, first match wins:
 * <ol>
 *   <li>{@code --secret-file FILE}: its secret, and its user unless {@code --user} names one;</li>
 *   <li>the environment: {@code CAGE_SECRET}, with {@code --user} or {@code CAGE_USER};</li>
 *   <li>{@code ~/.cage/node-PORT/admin.secret}, which a node started with its default data directory writes.</li>
 * </ol>
 * A secret file holds either one line (the secret) or two (the user, then the secret), like {@code admin.secret}.
 *
 * @param user   user name
 * @param secret the user's secret
 */
record Credentials(String user, String secret) {
    static final String USER_ENV = "CAGE_USER";
    static final String SECRET_ENV = "CAGE_SECRET";

    /**
     * Resolves the credentials for the node on {@code port}.
     *
     * @throws UsageException if nothing names a user and secret
     * @throws IOException    if a secret file cannot be read or is empty
     */
    static Credentials resolve(String userOption, Path secretFileOption, Map<String, String> env, Path home, int port)
        throws IOException {
        if (secretFileOption != null) {
            return fromFile(secretFileOption, userOption != null ? userOption : env.get(USER_ENV));
        }
        String envSecret = env.get(SECRET_ENV);
        if (envSecret != null && !envSecret.isEmpty()) {
            String user = userOption != null ? userOption : env.get(USER_ENV);
            if (user == null || user.isEmpty()) {
                throw new UsageException(SECRET_ENV + " is set but no user is: give --user or set " + USER_ENV);
            }
            return new Credentials(user, envSecret);
        }
        Path nodeFile = home.resolve(".cage").resolve("node-" + port).resolve("admin.secret");
        if (Files.isRegularFile(nodeFile)) {
            return fromFile(nodeFile, userOption);
        }
        throw new UsageException("no credentials for port " + port + ": give --secret-file FILE, set " + USER_ENV
            + " and " + SECRET_ENV + ", or run where " + nodeFile + " exists");
    }

    /** Reads a one-line (secret) or two-line (user, secret) file; {@code user} overrides the file's user. */
    private static Credentials fromFile(Path file, String user) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new IOException("secret file " + file + " is empty");
        }
        String secret = lines.size() == 1 ? lines.get(0) : lines.get(1);
        String who = user != null && !user.isEmpty() ? user : lines.size() > 1 ? lines.get(0) : null;
        if (who == null) {
            throw new UsageException("secret file " + file + " names no user: give --user or set " + USER_ENV);
        }
        return new Credentials(who, secret);
    }

    @Override
    public String toString() {
        return "Credentials[" + user + ", secret hidden]";
    }
}
