package dev.cage.server;

import dev.cage.protocol.Scram;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's users, stored hashed in {@code users.properties} in the data directory: one line per user,
 * {@code name=salt:iterations:storedKey:serverKey[:roles]} (Base64; roles a comma list: {@code admin}, and
 * {@code disabled} for a user who may not log in). No secret is ever stored; a lost secret is replaced with
 * {@code cage user add}, or by an admin ({@code ADMIN_USER_PUT}). The file is readable by its owner only. Changes
 * count at the next login.
 */
public final class UserStore {
    public static final String FILE = "users.properties";
    public static final String ADMIN_SECRET_FILE = "admin.secret";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder D64 = Base64.getDecoder();

    private final Path file;
    private final Map<String, Scram.StoredKeys> users = new ConcurrentHashMap<>();
    private final java.util.Set<String> admins = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> disabled = ConcurrentHashMap.newKeySet();

    /** One user as an admin sees it. */
    public record User(String name, boolean admin, boolean enabled) {
    }

    private UserStore(Path file) {
        this.file = file;
    }

    /** Loads the users of a data directory (creating the directory if needed). */
    public static UserStore open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        UserStore store = new UserStore(dataDir.resolve(FILE));
        if (Files.exists(store.file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(store.file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String name : p.stringPropertyNames()) {
                String line = p.getProperty(name);
                store.users.put(name, parse(name, line));
                String[] f = line.split(":");
                java.util.List<String> roles = f.length > 4 ? java.util.Arrays.asList(f[4].split(",")) : java.util.List.of();
                if (roles.contains("admin")) {
                    store.admins.add(name);
                }
                if (roles.contains("disabled")) {
                    store.disabled.add(name);
                }
            }
        }
        return store;
    }

    /**
     * With no users, creates {@code admin} with a random secret and writes the secret to a file only the
     * owner can read. Returns that file, or {@code null} if users already existed.
     */
    public Path bootstrapAdmin() throws IOException {
        if (!users.isEmpty()) {
            return null;
        }
        String secret = newSecret();
        put("admin", secret.toCharArray(), true);
        Path secretFile = file.resolveSibling(ADMIN_SECRET_FILE);
        writeOwnerOnly(secretFile, "admin\n" + secret + "\n");
        return secretFile;
    }

    /** A new random secret: 24 letters and digits (144 bits). */
    public static String newSecret() {
        return B64.withoutPadding().encodeToString(Scram.randomBytes(18)).replace('+', 'x').replace('/', 'y');
    }

    /** Adds or replaces a user (keeping the roles it had) and saves the file. */
    public synchronized void put(String user, char[] secret) throws IOException {
        put(user, secret, admins.contains(user));
    }

    /** Adds or replaces a user with or without the admin role, and saves the file. */
    public synchronized void put(String user, char[] secret, boolean admin) throws IOException {
        if (user.isEmpty() || user.contains("=") || user.contains(":") || user.isBlank()) {
            throw new IllegalArgumentException("user name '" + user + "' is empty or holds '=' or ':'");
        }
        if (admin) {
            admins.add(user);
        } else {
            admins.remove(user);
        }
        byte[] salt = Scram.randomBytes(Scram.SALT_BYTES);
        users.put(user, Scram.deriveKeys(secret, salt, Scram.DEFAULT_ITERATIONS));
        save();
    }

    /** The stored keys of a user, or {@code null} if there is no such user or it is disabled. */
    public Scram.StoredKeys keys(String user) {
        return disabled.contains(user) ? null : users.get(user);
    }

    /** Every user, by name. */
    public java.util.List<User> list() {
        return users.keySet().stream().sorted()
            .map(name -> new User(name, admins.contains(name), !disabled.contains(name))).toList();
    }

    /**
     * Lets a user log in again, or no longer. Sessions it has stay: ending them is the caller's choice.
     *
     * @return false if there is no such user
     */
    public synchronized boolean setEnabled(String user, boolean enabled) throws IOException {
        if (!users.containsKey(user)) {
            return false;
        }
        if (enabled) {
            disabled.remove(user);
        } else {
            disabled.add(user);
        }
        save();
        return true;
    }

    public boolean exists(String user) {
        return users.containsKey(user);
    }

    /** Whether the user may query and roll back the journal. */
    public boolean isAdmin(String user) {
        return admins.contains(user);
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    private void save() throws IOException {
        Properties p = new Properties();
        users.forEach((name, k) -> p.setProperty(name, B64.encodeToString(k.salt()) + ":" + k.iterations() + ":"
            + B64.encodeToString(k.storedKey()) + ":" + B64.encodeToString(k.serverKey())
            + roles(name)));
        StringBuilder text = new StringBuilder();
        try (Writer w = new java.io.StringWriter()) {
            p.store(w, "Cage users: salted SCRAM-SHA-256 keys, no secrets");
            text.append(w);
        }
        writeOwnerOnly(file, text.toString());
    }

    private String roles(String name) {
        java.util.List<String> roles = new java.util.ArrayList<>();
        if (admins.contains(name)) {
            roles.add("admin");
        }
        if (disabled.contains(name)) {
            roles.add("disabled");
        }
        return roles.isEmpty() ? "" : ":" + String.join(",", roles);
    }

    private static Scram.StoredKeys parse(String name, String line) throws IOException {
        String[] f = line.split(":");
        if (f.length != 4 && f.length != 5) {
            throw new IOException("users file: the entry for '" + name + "' is not salt:iterations:storedKey:serverKey");
        }
        return new Scram.StoredKeys(D64.decode(f[0]), Integer.parseInt(f[1]), D64.decode(f[2]), D64.decode(f[3]));
    }

    static void writeOwnerOnly(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
