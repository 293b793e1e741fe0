package dev.cage.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import dev.cage.client.TxId;
import dev.cage.protocol.CageException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.Status;
import dev.cage.protocol.TransactionTooLargeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions on nodes without a journal, with a small staging limit, and across two servers. */
class TransactionLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void prepare_noJournal_failsJournalUnavailableAndLeavesFile() throws Exception {
        try (TestNode node = TestNode.start(tmp, b -> b.journal(null)); Cage cage = node.client("s")) {
            Files.writeString(node.root().resolve("a"), "abc");
            CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
            CageTransaction tx = cage.beginTransaction();
            tx.write(ch, 0, "X".getBytes(UTF_8));

            assertThatThrownBy(() -> tx.prepare(TxId.random()))
                .isInstanceOfSatisfying(CageException.class, e -> assertThat(e.status()).isEqualTo(Status.JOURNAL_UNAVAILABLE));
            assertThat(Files.readString(node.root().resolve("a"))).isEqualTo("abc");
            assertThatThrownBy(tx::commit).as("a refused prepare rolled it back").isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void commit_onePhaseWithoutJournal_applies() throws Exception {
        try (TestNode node = TestNode.start(tmp, b -> b.journal(null)); Cage cage = node.client("s")) {
            Files.writeString(node.root().resolve("a"), "abc");
            CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
            CageTransaction tx = cage.beginTransaction();
            tx.write(ch, 3, "def".getBytes(UTF_8));
            tx.truncate(ch, 5);

            tx.commit();

            assertThat(Files.readString(node.root().resolve("a"))).isEqualTo("abcde");
            assertThat(new String(cage.read(ch, 0, 100), UTF_8)).isEqualTo("abcde");
        }
    }

    @Test
    void commit_overStagingLimit_failsTooLargeAndAppliesNothing() throws Exception {
        try (TestNode node = TestNode.start(tmp, b -> b.txStagingLimit(1000)); Cage cage = node.client("s")) {
            Files.writeString(node.root().resolve("a"), "abc");
            CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
            CageTransaction tx = cage.beginTransaction();
            tx.write(ch, 0, new byte[600]);
            tx.write(ch, 600, new byte[600]);

            assertThatThrownBy(tx::commit).isInstanceOf(TransactionTooLargeException.class).hasMessageContaining("limit of 1000");
            assertThat(Files.readString(node.root().resolve("a"))).isEqualTo("abc");
        }
    }

    @Test
    void commit_twoServers_preparesUnderGeneratedIdThenCommitsBoth() throws Exception {
        try (TestNode one = TestNode.start(tmp.resolve("one")); TestNode two = TestNode.start(tmp.resolve("two"));
             Cage cage = Cage.builder().server("one", one.spec()).server("two", two.spec()).build()) {
            Files.writeString(one.root().resolve("a"), "1111");
            Files.writeString(two.root().resolve("b"), "2222");
            CageChannel a = cage.open("one", "a", OpenMode.SHARED_WRITE);
            CageChannel b = cage.open("two", "b", OpenMode.SHARED_WRITE);
            CageTransaction tx = cage.beginTransaction();
            tx.write(a, 0, "A".getBytes(UTF_8));
            tx.write(b, 0, "B".getBytes(UTF_8));
            assertThat(tx.servers()).containsExactlyInAnyOrder("one", "two");

            tx.commit();

            assertThat(Files.readString(one.root().resolve("a"))).isEqualTo("A111");
            assertThat(Files.readString(two.root().resolve("b"))).isEqualTo("B222");
            assertThat(cage.recover("one")).isEmpty();
            assertThat(cage.recover("two")).isEmpty();
        }
    }
}
