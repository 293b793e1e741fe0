package dev.cage.nio;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code env} map of {@code FileSystems.newFileSystem(URI.create("cage://host:port/"), env)} into the
 * settings of the file system's {@link Cage} client. Keys (values as objects or as strings):
 * <ul>
 *   <li>{@value #USER} and {@value #SECRET} (a {@code String} or {@code char[]}), or {@value #SECRET_FILE} (one line,
 *       the secret, or two, the user then the secret, like a node's {@code admin.secret}); the URI's user part names
 *       the user too ({@code cage://alice@host:port/});</li>
 *   <li>{@value #PAGE_SIZE}, {@value #PAGE_COUNT} (0 turns the page cache off), {@value #RESPONSE_TIMEOUT}
 *       ({@code Duration} or ISO-8601 text such as {@code PT20S}), {@value #TLS_TRUST} (PEM file),
 *       {@value #MEMBERS} (a replicated group's other members, {@code host:port} in a list or comma-separated).</li>
 * </ul>
 * An unknown key is refused, so a misspelt setting does not go unnoticed.
 */
final class CageFileSystemSettings {
    static final String USER = "user";
    static final String SECRET = "secret";
    static final String SECRET_FILE = "secretFile";
    static final String PAGE_SIZE = "pageSize";
    static final String PAGE_COUNT = "pageCount";
    static final String RESPONSE_TIMEOUT = "responseTimeout";
    static final String TLS_TRUST = "tlsTrust";
    static final String MEMBERS = "members";
    private static final Set<String> KEYS =
        Set.of(USER, SECRET, SECRET_FILE, PAGE_SIZE, PAGE_COUNT, RESPONSE_TIMEOUT, TLS_TRUST, MEMBERS);
    /** The one server each file system's client talks to. */
    static final String SERVER = "node";

    private CageFileSystemSettings() {
    }

    /** A client for the node {@code uri} names, logged in as {@code env} says (no connection is made yet). */
    static Cage client(URI uri, Map<String, ?> env) throws IOException {
        for (String key : env.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown cage:// setting '" + key + "'; known: " + KEYS);
            }
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("'" + uri + "' does not name a node as cage://host:port/");
        }
        String user = text(env, USER);
        char[] secret = secret(env.get(SECRET));
        Object secretFile = env.get(SECRET_FILE);
        if (secretFile != null) {
            List<String> lines = Files.readAllLines(Path.of(secretFile.toString()), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                throw new IOException("secret file " + secretFile + " is empty");
            }
            secret = lines.get(lines.size() == 1 ? 0 : 1).toCharArray();
            user = user != null ? user : lines.size() > 1 ? lines.get(0) : null;
        }
        user = user != null ? user : uri.getUserInfo();
        if (user == null || secret == null) {
            throw new IllegalArgumentException("cage:// needs a user and a secret: give '" + USER + "' and '" + SECRET
                + "', or '" + SECRET_FILE + "'");
        }
        Object tls = env.get(TLS_TRUST);
        ServerSpec spec = new ServerSpec(uri.getHost(), uri.getPort(), user, secret,
            tls == null ? null : Path.of(tls.toString()), members(env.get(MEMBERS)), false);
        Arrays.fill(secret, '\0');
        Cage.Builder b = Cage.builder().name("cage-nio").server(SERVER, spec);
        Integer pageSize = number(env, PAGE_SIZE);
        if (pageSize != null) {
            b.pageSize(pageSize);
        }
        Integer pageCount = number(env, PAGE_COUNT);
        if (pageCount != null) {
            b.pageCount(pageCount);
        }
        Object timeout = env.get(RESPONSE_TIMEOUT);
        if (timeout != null) {
            b.responseTimeout(timeout instanceof Duration d ? d : Duration.parse(timeout.toString()));
        }
        return b.build();
    }

    private static String text(Map<String, ?> env, String key) {
        Object v = env.get(key);
        return v == null ? null : v.toString();
    }

    private static Integer number(Map<String, ?> env, String key) {
        Object v = env.get(key);
        if (v == null) {
            return null;
        }
        try {
            return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cage:// setting '" + key + "' is not a number: " + v, e);
        }
    }

    private static char[] secret(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof char[] c ? c.clone() : v.toString().toCharArray();
    }

    private static List<String> members(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Object::toString).toList();
        }
        return Arrays.stream(v.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
