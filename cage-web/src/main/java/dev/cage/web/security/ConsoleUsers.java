package dev.cage.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The console's users, in a text file only its owner can read: one line per user,
 * {@code name role enabled|disabled pbkdf2-sha256:iterations:salt:hash} (salt and hash in Base64). Passwords are
 * never stored, only their PBKDF2 hashes. The file is read again whenever it changed, so a user added, disabled or
 * given another role from the command line counts at the next request.
 *
 * <p>Threads: all methods are safe to call from any thread.
 */
public final class ConsoleUsers {
    /** The system property naming the file; by default {@code ~/.cage/console/users}. */
    public static final String FILE_PROPERTY = "cage.web.users";

    private static final int ITERATIONS = 210_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One user as the file holds it. */
    public record User(String name, Role role, boolean enabled, String hash) {
    }

    private final Path file;
    private FileTime loadedAt;
    private Map<String, User> users = Map.of();

    public ConsoleUsers(Path file) {
        this.file = file;
    }

    public static Path defaultFile() {
        String configured = System.getProperty(FILE_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cage", "console", "users");
    }

    public Path file() {
        return file;
    }

    /** The user with this name and password, if it exists and is enabled. */
    public Optional<User> check(String name, String password) {
        User user = current().get(name);
        // Hash even for unknown users, so the time taken does not tell which names exist.
        String hash = user != null ? user.hash() : "pbkdf2-sha256:" + ITERATIONS + ":AAAAAAAAAAAAAAAAAAAAAA==:AA==";
        boolean matches = matches(hash, password);
        return user != null && user.enabled() && matches ? Optional.of(user) : Optional.empty();
    }

    /** The role of an enabled user; empty for an unknown or disabled one. */
    public Optional<Role> roleOf(String name) {
        User user = current().get(name);
        return user != null && user.enabled() ? Optional.of(user.role()) : Optional.empty();
    }

    public List<User> list() {
        return List.copyOf(current().values());
    }

    /** Adds a user, or gives an existing one this role and password, and enables it. */
    public synchronized void put(String name, Role role, String password) {
        if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("a user name has 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        Map<String, User> next = new LinkedHashMap<>(current());
        next.put(name, new User(name, role, true, hash(password)));
        write(next);
    }

    /** Adds a user with a new random password, which it returns (and which is stored nowhere). */
    public String add(String name, Role role) {
        String password = newPassword();
        put(name, role, password);
        return password;
    }

    public static String newPassword() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private synchronized Map<String, User> current() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            users = Map.of();
            loadedAt = null;
            return users;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's users file " + file, e);
        }
        if (!modified.equals(loadedAt)) {
            users = read();
            loadedAt = modified;
        }
        return users;
    }

    private Map<String, User> read() {
        Map<String, User> read = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                if (fields.length != 4) {
                    throw new IllegalStateException("malformed line in " + file + ": expected 'name role enabled hash'");
                }
                read.put(fields[0], new User(fields[0], Role.parse(fields[1]), fields[2].equals("enabled"), fields[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's users file " + file, e);
        }
        return Map.copyOf(read);
    }

    private void write(Map<String, User> next) {
        List<String> lines = new ArrayList<>();
        lines.add("# Cage console users: name role enabled|disabled pbkdf2-sha256:iterations:salt:hash");
        for (User u : next.values()) {
            lines.add(u.name() + ' ' + u.role().label() + ' ' + (u.enabled() ? "enabled" : "disabled") + ' ' + u.hash());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".new");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the console's users file " + file, e);
        }
        users = Map.copyOf(next);
        loadedAt = null;
    }

    static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return "pbkdf2-sha256:" + ITERATIONS + ':' + b64.encodeToString(salt) + ':'
            + b64.encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    static boolean matches(String stored, String password) {
        String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = pbkdf2(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    /**
     * {@code java -cp cage-web-classes.jar dev.cage.web.security.ConsoleUsers add NAME ROLE [FILE]}: adds a user
     * with a new random password and prints it (the only place it ever appears).
     */
    public static void main(String[] args) {
        if (args.length < 3 || !args[0].equals("add")) {
            System.err.println("usage: ConsoleUsers add NAME viewer|operator|admin [FILE]");
            System.exit(2);
        }
        ConsoleUsers users = new ConsoleUsers(args.length > 3 ? Path.of(args[3]) : defaultFile());
        System.out.println(users.add(args[1], Role.parse(args[2])));
    }
}
