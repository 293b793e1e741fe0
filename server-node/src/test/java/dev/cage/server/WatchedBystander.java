package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * A client logged in through the real {@link Cage} before the fuzzing, holding {@link #PATH} open after writing it.
 * {@link #assertUnharmed} is cheap enough to run after every input: one read through its open channel (its page cache
 * is off, so the node answers every read) must return the bytes it wrote, and so must the file on disk.
 */
final class WatchedBystander implements AutoCloseable {
    /** Its directory's name: the one thing a request must spell to reach its file (see {@link BystanderGuard}). */
    static final String DIRECTORY = "bystander";
    static final String PATH = DIRECTORY + "/file.bin";
    private static final int SIZE = 16 * 1024;

    private final Cage cage;
    private final CageChannel channel;
    private final Path onDisk;
    private final byte[] content = new byte[SIZE];

    private WatchedBystander(TestNode node) throws IOException {
        cage = node.clientBuilder("n").pageCount(0).responseTimeout(Duration.ofSeconds(10)).build();
        cage.mkdir("n", DIRECTORY);
        channel = cage.open("n", PATH, OpenMode.SHARED_WRITE, true);
        new Random(18).nextBytes(content);
        cage.write(channel, 0, content);
        onDisk = node.root().resolve(PATH);
    }

    static WatchedBystander start(TestNode node) throws IOException {
        return new WatchedBystander(node);
    }

    /** The client, for setting up what the fuzzing needs (it is an admin). */
    Cage cage() {
        return cage;
    }

    void assertUnharmed() throws IOException {
        assertThat(cage.read(channel, 0, SIZE + 1)).as("the bystander's file through its open channel")
            .isEqualTo(content);
        assertThat(Files.readAllBytes(onDisk)).as("the bystander's file on disk").isEqualTo(content);
    }

    @Override
    public void close() {
        cage.close();
    }
}
