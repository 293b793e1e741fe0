package dev.cage.crash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import dev.cage.client.TxId;
import dev.cage.protocol.FileLockedException;
import dev.cage.protocol.OpenMode;
import dev.cage.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node in a child JVM is killed with SIGKILL between prepare and commit: after the restart the prepared branches are
 * listed by {@code recover}, their files are still locked, and each can be committed (its bytes appear) or rolled
 * back (the file is untouched).
 */
@Tag("slow")
class TransactionKillNineTest {
    private static final int DATA_PORTS = 2;

    @TempDir
    Path tmp;
    private NodeProcess node;

    @AfterEach
    void cleanUp() {
        if (node != null) {
            node.close(); // SIGKILL by PID if still running
        }
    }

    private Cage client() throws Exception {
        return Cage.builder().name("tx-crash").pageCount(0).responseTimeout(Duration.ofSeconds(20))
            .server("s", node.spec()).build();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void sigkillBetweenPrepareAndCommit_branchesSurviveLockedAndFinishEitherWay() throws Exception {
        Path root = tmp.resolve("root");
        int port = FreePorts.block(DATA_PORTS + 1);
        node = new NodeProcess(root, tmp.resolve("data"), port, DATA_PORTS,
            Path.of("target", "crash", "tx-node.log").toAbsolutePath());
        node.start(List.of());
        node.awaitServing(Duration.ofSeconds(60));
        TxId commitMe = new TxId(1, "commit-me".getBytes(UTF_8), "b1".getBytes(UTF_8));
        TxId rollMeBack = new TxId(1, "roll-me-back".getBytes(UTF_8), "b1".getBytes(UTF_8));
        byte[] big = new byte[3 << 20];
        java.util.Arrays.fill(big, (byte) 'n');
        try (Cage cage = client()) {
            CageChannel c = cage.open("s", "c", OpenMode.SHARED_WRITE, true);
            CageChannel r = cage.open("s", "r", OpenMode.SHARED_WRITE, true);
            cage.write(c, 0, "committed-before".getBytes(UTF_8));
            cage.write(r, 0, "committed-before".getBytes(UTF_8));
            CageTransaction t1 = cage.beginTransaction();
            t1.write(c, 0, big);
            t1.truncate(c, (2 << 20) + 5);
            assertThat(t1.prepare(commitMe)).isTrue();
            CageTransaction t2 = cage.beginTransaction();
            t2.write(r, 0, "ROLLED".getBytes(UTF_8));
            assertThat(t2.prepare(rollMeBack)).isTrue();

            node.kill();
        }

        node.start(List.of());
        node.awaitServing(Duration.ofSeconds(60));
        try (Cage cage = client()) {
            assertThat(cage.recover("s")).containsExactlyInAnyOrder(commitMe, rollMeBack);
            CageChannel c = cage.open("s", "c", OpenMode.SHARED_WRITE);
            assertThatThrownBy(() -> cage.write(c, 0, "x".getBytes(UTF_8)))
                .as("the lock survives the crash").isInstanceOf(FileLockedException.class);
            assertThat(new String(cage.read(c, 0, 100), UTF_8)).isEqualTo("committed-before");

            cage.commitPrepared("s", commitMe);
            cage.rollbackPrepared("s", rollMeBack);

            byte[] expected = java.util.Arrays.copyOf(big, (2 << 20) + 5);
            assertThat(cage.read(c, 0, 4 << 20)).isEqualTo(expected);
            assertThat(cage.recover("s")).isEmpty();
            cage.write(c, 0, "x".getBytes(UTF_8)); // unlocked
        }
        node.stop();
        assertThat(Files.readString(root.resolve("r"))).isEqualTo("committed-before");
        assertThat(Files.size(root.resolve("c"))).isEqualTo((2 << 20) + 5);
    }
}
