package dev.cage.server;

import dev.cage.protocol.Scram;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The node's data directory: users, secrets, the journal and its log, the trash of removed files. Nobody but the
 * node's own user may read it (a removed file's bytes are in the trash), so it is made owner-only at every start.
 */
final class DataDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final String DECOY_SECRET = "decoy-secret";
    private static final int SECRET_BYTES = 32;

    private DataDirectory() {
    }

    /** Creates the directory if missing, and makes it readable by the node's user only (where the disk has modes). */
    static void prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
    }

    /**
     * The secret a made-up user name's salt derives from: kept here, so a name's salt is the same after a restart,
     * as a real user's is, and a login's answers do not tell real names from made-up ones.
     */
    static byte[] decoySecret(Path dir) throws IOException {
        Path file = dir.resolve(DECOY_SECRET);
        if (Files.exists(file)) {
            byte[] kept = Files.readAllBytes(file);
            if (kept.length == SECRET_BYTES) {
                return kept;
            }
        }
        byte[] secret = Scram.randomBytes(SECRET_BYTES);
        Path temp = Files.createTempFile(dir, DECOY_SECRET, ".tmp");
        Files.write(temp, secret);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }
}
