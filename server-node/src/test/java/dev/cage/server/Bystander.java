package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.io.IOException;
import java.util.Random;

/**
 * An ordinary client whose session is opened before an attack, with a file open. {@link #assertUnharmed}
 * proves the attack hurt no one else: the open channel still writes and reads back the right bytes, and a
 * new client can still log in and see them.
 */
final class Bystander implements AutoCloseable {
    static final String PATH = "bystander.bin";
    private static final int SIZE = 256 * 1024;

    private final TestNode node;
    private final Cage cage;
    private final CageChannel channel;
    private final byte[] content = new byte[SIZE];
    private final Random random = new Random(20_240_601);

    private Bystander(TestNode node) throws IOException {
        this.node = node;
        this.cage = node.client("n");
        this.channel = cage.open("n", PATH, OpenMode.SHARED_WRITE, true);
        random.nextBytes(content);
        cage.write(channel, 0, content);
        cage.putPages(channel); // pushed: other clients see bytes once the server has them
    }

    /** Logs in, opens {@link #PATH} and fills it with known bytes. */
    static Bystander start(TestNode node) throws IOException {
        return new Bystander(node);
    }

    /** Writes a fresh random range through the open channel and reads the whole file back, then logs in anew. */
    void assertUnharmed() throws IOException {
        int off = random.nextInt(SIZE - 4096);
        byte[] patch = new byte[1 + random.nextInt(4096)];
        random.nextBytes(patch);
        cage.write(channel, off, patch);
        cage.putPages(channel);
        System.arraycopy(patch, 0, content, off, patch.length);

        assertThat(cage.read(channel, 0, SIZE)).as("bystander's file through its open channel").isEqualTo(content);
        try (Cage fresh = node.client("n")) {
            CageChannel ch = fresh.open("n", PATH, OpenMode.SHARED_READ);
            assertThat(fresh.read(ch, 0, SIZE)).as("bystander's file through a new client").isEqualTo(content);
            fresh.close(ch);
        }
    }

    @Override
    public void close() {
        cage.close();
    }
}
