package dev.cage.cache;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.OpenMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RegisterWorkload} reader in a JVM of its own, with its own page cache, for {@link LinearizableReadsTest}.
 * Arguments: node port, file, registers, page size, client name, reads, seconds, history file (one
 * {@link RegisterOp#toLine line} per call, written at the end); the secret comes in CAGE_SECRET.
 */
public final class RegisterClientMain {
    private RegisterClientMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int page = Integer.parseInt(args[3]);
        String name = args[4];
        RegisterWorkload registers = new RegisterWorkload(args[1], Integer.parseInt(args[2]), page);
        try (Cage cage = Cage.builder().name(name)
                .server("s", new ServerSpec("127.0.0.1", port, "admin", System.getenv("CAGE_SECRET")))
                .pageSize(page).pageCount(64).build()) {
            // The time to read starts once logged in: on a busy machine a JVM's start alone can take the whole span.
            cage.stat("s", args[1]);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[6]));
            List<RegisterOp> history = registers.read(cage, name, OpenMode.SHARED_READ, new Random(name.hashCode()),
                Integer.parseInt(args[5]), deadline);
            Files.write(Path.of(args[7]), history.stream().map(RegisterOp::toLine).toList());
        }
        System.exit(0);
    }
}
