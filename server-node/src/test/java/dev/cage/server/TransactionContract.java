package dev.cage.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import dev.cage.client.TxId;
import dev.cage.protocol.FileLockedException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ReadOnlyChannelException;
import dev.cage.protocol.TransactionConflictException;
import dev.cage.protocol.TransactionUnknownException;
import dev.cage.server.journal.FileOp;
import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactional writes against a real node, run against every journal database (H2, PostgreSQL). */
abstract class TransactionContract {
    @TempDir
    Path tmp;
    TestNode node;
    Cage cage;
    Cage other;

    abstract JournalConfig journalConfig(Path dataDir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        JournalConfig cfg = journalConfig(tmp.resolve("data"));
        node = TestNode.startOnFixedPorts(tmp, b -> b.journal(cfg).dataPorts(2));
        cage = node.clientBuilder("s").pageSize(4096).build();
        other = node.clientBuilder("s").pageSize(4096).build();
    }

    @AfterEach
    void stop() {
        other.close();
        cage.close();
        node.close();
    }

    private void file(String name, String content) throws Exception {
        Files.writeString(node.root().resolve(name), content);
    }

    private String onDisk(String name) throws Exception {
        return Files.readString(node.root().resolve(name));
    }

    private static String read(Cage c, CageChannel ch) throws Exception {
        return new String(c.read(ch, 0, 1 << 20), UTF_8);
    }

    private long writeEntries(String path) {
        return node.node().journalStore().fileHistory(path, null, null).stream()
            .filter(r -> r.getOp() != FileOp.READ).count();
    }

    @Test
    void read_ownStagedWrites_seenInTransactionButNotByOthers() throws Exception {
        file("a", "hello world");
        CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
        CageChannel theirs = other.open("s", "a", OpenMode.SHARED_READ);
        CageChannel mineToo = cage.open("s", "a", OpenMode.SHARED_READ);
        CageTransaction tx = cage.beginTransaction();

        tx.write(ch, 6, "WORLD!".getBytes(UTF_8));

        assertThat(new String(tx.read(ch, 0, 100), UTF_8)).isEqualTo("hello WORLD!");
        assertThat(tx.size(ch)).isEqualTo(12);
        assertThat(read(cage, mineToo)).as("outside the transaction, even in the same client").isEqualTo("hello world");
        assertThat(read(other, theirs)).isEqualTo("hello world");
        assertThat(onDisk("a")).isEqualTo("hello world");
        assertThat(tx.isReadOnly()).isFalse();
        assertThat(tx.servers()).containsExactly("s");
        tx.rollback();
    }

    @Test
    void commit_onePhase_visibleToOtherClientThroughItsCacheAndToOwnCache() throws Exception {
        file("a", "0123456789");
        CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
        CageChannel theirs = other.open("s", "a", OpenMode.SHARED_READ);
        assertThat(read(other, theirs)).isEqualTo("0123456789"); // now in their cache
        assertThat(read(cage, ch)).isEqualTo("0123456789"); // and in ours
        CageTransaction tx = cage.beginTransaction();
        tx.write(ch, 2, "ab".getBytes(UTF_8));
        tx.write(ch, 10, "XYZ".getBytes(UTF_8));

        tx.commit();

        assertThat(read(other, theirs)).isEqualTo("01ab456789XYZ");
        assertThat(read(cage, ch)).isEqualTo("01ab456789XYZ");
        assertThat(onDisk("a")).isEqualTo("01ab456789XYZ");
        assertThat(writeEntries("a")).as("committed writes are ordinary journaled writes").isEqualTo(2);
    }

    @Test
    void rollback_beforePrepare_leavesFileJournalAndCachesUnchanged() throws Exception {
        file("a", "unchanged");
        CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
        CageChannel theirs = other.open("s", "a", OpenMode.SHARED_READ);
        CageTransaction tx = cage.beginTransaction();
        tx.write(ch, 0, "CHANGED".getBytes(UTF_8));
        tx.truncate(ch, 3);

        tx.rollback();

        assertThat(read(cage, ch)).isEqualTo("unchanged");
        assertThat(read(other, theirs)).isEqualTo("unchanged");
        assertThat(onDisk("a")).isEqualTo("unchanged");
        assertThat(writeEntries("a")).isZero();
        assertThat(cage.recover("s")).isEmpty();
    }

    @Test
    void rollback_afterPrepare_leavesNoTraceAndUnlocks() throws Exception {
        file("a", "unchanged");
        CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
        CageChannel theirs = other.open("s", "a", OpenMode.SHARED_WRITE);
        assertThat(read(other, theirs)).isEqualTo("unchanged");
        CageTransaction tx = cage.beginTransaction();
        tx.write(ch, 0, "CHANGED!!".getBytes(UTF_8));
        TxId id = new TxId(7, "g".getBytes(UTF_8), "b".getBytes(UTF_8));
        assertThat(tx.prepare(id)).isTrue();
        assertThat(cage.recover("s")).containsExactly(id);

        tx.rollback();

        assertThat(cage.recover("s")).isEmpty();
        assertThat(read(cage, ch)).isEqualTo("unchanged");
        assertThat(read(other, theirs)).isEqualTo("unchanged");
        assertThat(onDisk("a")).isEqualTo("unchanged");
        assertThat(writeEntries("a")).isZero();
        other.write(theirs, 0, "U".getBytes(UTF_8));
        other.putPages(theirs);
        assertThat(onDisk("a")).as("unlocked").isEqualTo("Unchanged");
    }

    @Test
    void prepare_readOnlyTransaction_returnsFalseAndSendsNothing() throws Exception {
        file("a", "x");
        CageChannel ch = cage.open("s", "a", OpenMode.SHARED_READ);
        CageTransaction tx = cage.beginTransaction();
        assertThat(new String(tx.read(ch, 0, 10), UTF_8)).isEqualTo("x");

        assertThat(tx.isReadOnly()).isTrue();
        assertThat(tx.prepare(TxId.random())).isFalse();
        tx.commit();
        assertThat(cage.recover("s")).isEmpty();
    }

    @Test
    void write_readOnlyChannel_refused() throws Exception {
        file("a", "x");
        CageChannel ch = cage.open("s", "a", OpenMode.SHARED_READ);
        CageTransaction tx = cage.beginTransaction();
        assertThatThrownBy(() -> tx.write(ch, 0, new byte[1])).isInstanceOf(ReadOnlyChannelException.class);
        assertThatThrownBy(() -> tx.truncate(ch, 0)).isInstanceOf(ReadOnlyChannelException.class);
    }

    @Test
    void prepare_lockedFile_refusesOtherWritersUntilCommit() throws Exception {
        file("a", "old bytes");
        file("b", "bee");
        CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
        Cage uncached = node.clientBuilder("s").pageCount(0).build();
        CageChannel theirs = uncached.open("s", "a", OpenMode.SHARED_WRITE);
        CageTransaction tx = cage.beginTransaction();
        tx.write(ch, 0, "NEW".getBytes(UTF_8));
        TxId id = TxId.random();
        tx.prepare(id);

        assertThatThrownBy(() -> uncached.write(theirs, 0, "me".getBytes(UTF_8)))
            .isInstanceOf(FileLockedException.class)
            .hasMessageContaining("'a' is locked by a prepared transaction");
        assertThatThrownBy(() -> uncached.truncate(theirs, 1)).isInstanceOf(FileLockedException.class);
        assertThatThrownBy(() -> uncached.rename("s", "a", "c")).isInstanceOf(FileLockedException.class);
        CageChannel bee = cage.open("s", "b", OpenMode.SHARED_WRITE);
        CageTransaction second = cage.beginTransaction();
        second.write(bee, 0, "B".getBytes(UTF_8));
        second.write(ch, 0, "x".getBytes(UTF_8));
        assertThatThrownBy(() -> second.prepare(TxId.random())).isInstanceOf(TransactionConflictException.class)
            .hasMessageContaining("'a'").hasMessageContaining("commits first");
        assertThat(onDisk("b")).as("the refused prepare left nothing").isEqualTo("bee");
        assertThat(read(uncached, theirs)).as("readers see the last committed bytes").isEqualTo("old bytes");

        tx.commit();

        assertThat(read(uncached, theirs)).isEqualTo("NEW bytes");
        uncached.write(theirs, 0, "me".getBytes(UTF_8));
        assertThat(onDisk("a")).isEqualTo("meW bytes");
        uncached.close(theirs);
        uncached.close();
        cage.close(ch);
        cage.remove("s", "a");
    }

    @Test
    void commit_uncachedClientsNextTransaction_beginsAfterItsOwnCommit_andDoesNotConflictWithIt() throws Exception {
        file("a", "0123456789");
        try (Cage uncached = node.clientBuilder("s").pageCount(0).build()) {
            CageChannel ch = uncached.open("s", "a", OpenMode.SHARED_WRITE);
            for (int round = 0; round < 3; round++) {
                CageTransaction tx = uncached.beginTransaction();
                tx.write(ch, 0, ("round" + round).getBytes(UTF_8));
                tx.commit(); // the commit's reply tells the channel the new version: the next round begins there
            }
            assertThat(onDisk("a")).isEqualTo("round26789");
            uncached.close(ch);
        }
    }

    @Test
    void commit_twoTransactionsWriteOneRange_laterCommitterFailsWithConflict_andLeavesNoTrace() throws Exception {
        file("a", "0123456789");
        CageChannel mine = cage.open("s", "a", OpenMode.SHARED_WRITE);
        CageChannel theirs = other.open("s", "a", OpenMode.SHARED_WRITE);
        CageTransaction first = cage.beginTransaction();
        CageTransaction second = other.beginTransaction();
        assertThat(new String(second.read(theirs, 0, 10), UTF_8)).isEqualTo("0123456789"); // second begins here
        first.write(mine, 2, "AAAA".getBytes(UTF_8));
        second.write(theirs, 4, "BBBB".getBytes(UTF_8));
        first.commit();
        long entries = writeEntries("a");

        assertThatThrownBy(second::commit).isInstanceOf(TransactionConflictException.class)
            .hasMessageContaining("'a'").hasMessageContaining("bytes 4..6").hasMessageContaining("retry");
        assertThat(onDisk("a")).as("the first committer's bytes, none of the second's").isEqualTo("01AAAA6789");
        assertThat(writeEntries("a")).as("no journal entry of the failed commit").isEqualTo(entries);
        CageTransaction retry = other.beginTransaction(); // begins after the first committed: sees its bytes
        assertThat(new String(retry.read(theirs, 0, 10), UTF_8)).isEqualTo("01AAAA6789");
        retry.write(theirs, 4, "BBBB".getBytes(UTF_8));
        retry.commit();
        assertThat(onDisk("a")).isEqualTo("01AABBBB89");
    }

    @Test
    void commit_twoTransactionsWriteDisjointRanges_bothCommit() throws Exception {
        file("a", "0123456789");
        CageChannel mine = cage.open("s", "a", OpenMode.SHARED_WRITE);
        CageChannel theirs = other.open("s", "a", OpenMode.SHARED_WRITE);
        CageTransaction first = cage.beginTransaction();
        CageTransaction second = other.beginTransaction();
        first.write(mine, 0, "AAA".getBytes(UTF_8));
        second.write(theirs, 6, "BBB".getBytes(UTF_8));
        first.commit();
        second.commit();
        assertThat(onDisk("a")).isEqualTo("AAA345BBB9");
    }

    @Test
    void prepare_rangeChangedByAPlainWriteAfterTheTransactionBegan_conflicts_andLocksNothing() throws Exception {
        file("a", "0123456789");
        CageChannel mine = cage.open("s", "a", OpenMode.SHARED_WRITE);
        Cage uncached = node.clientBuilder("s").pageCount(0).build();
        CageChannel theirs = uncached.open("s", "a", OpenMode.SHARED_WRITE);
        CageTransaction tx = cage.beginTransaction();
        tx.write(mine, 0, "TTTTT".getBytes(UTF_8));
        uncached.write(theirs, 3, "pp".getBytes(UTF_8)); // committed first

        assertThatThrownBy(() -> tx.prepare(TxId.random())).isInstanceOf(TransactionConflictException.class)
            .hasMessageContaining("'a'").hasMessageContaining("bytes 3..5");
        assertThat(onDisk("a")).isEqualTo("012pp56789");
        uncached.write(theirs, 0, "w".getBytes(UTF_8)); // not locked: the refused prepare holds nothing
        assertThat(onDisk("a")).isEqualTo("w12pp56789");
        uncached.close(theirs);
        uncached.close();
    }

    @Test
    void commit_truncateAfterAnotherClientGrewTheFile_conflicts() throws Exception {
        file("a", "0123456789");
        CageChannel mine = cage.open("s", "a", OpenMode.SHARED_WRITE);
        CageChannel theirs = other.open("s", "a", OpenMode.SHARED_WRITE);
        CageTransaction tx = cage.beginTransaction();
        tx.truncate(mine, 5);
        other.write(theirs, 10, "++".getBytes(UTF_8));
        other.putPages(theirs);

        assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class)
            .hasMessageContaining("bytes 10..12").hasMessageContaining("truncates to 5");
        assertThat(onDisk("a")).isEqualTo("0123456789++");
    }

    @Test
    void remove_fileOfPreparedBranch_refused() throws Exception {
        file("a", "keep");
        CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
        CageTransaction tx = cage.beginTransaction();
        tx.write(ch, 0, "K".getBytes(UTF_8));
        tx.prepare(TxId.random());
        cage.close(ch);

        assertThatThrownBy(() -> other.remove("s", "a")).isInstanceOf(FileLockedException.class);
        tx.commit();
        assertThat(onDisk("a")).isEqualTo("Keep");
    }

    @Test
    void commit_readerLoopOverTwoFiles_neverSeesHalfOfIt() throws Exception {
        file("x", "0000");
        file("y", "0000");
        Cage reader = node.clientBuilder("s").pageCount(0).build();
        CageChannel rx = reader.open("s", "x", OpenMode.SHARED_READ);
        CageChannel ry = reader.open("s", "y", OpenMode.SHARED_READ);
        CageChannel wx = cage.open("s", "x", OpenMode.SHARED_WRITE);
        CageChannel wy = cage.open("s", "y", OpenMode.SHARED_WRITE);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch reading = new CountDownLatch(1);
        Future<Integer> torn = pool.submit(() -> {
            int bad = 0;
            for (int i = 0; i < 200_000 && !stop.get(); i++) {
                // x is read first: once it shows a commit, y (read after) must show it too.
                int vx = Integer.parseInt(new String(reader.read(rx, 0, 4), UTF_8));
                int vy = Integer.parseInt(new String(reader.read(ry, 0, 4), UTF_8));
                if (vx > vy) {
                    bad++;
                }
                reading.countDown();
            }
            return bad;
        });
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
        for (int v = 1; v <= 40; v++) {
            CageTransaction tx = cage.beginTransaction();
            byte[] b = String.format("%04d", v).getBytes(UTF_8);
            tx.write(wy, 0, b);
            tx.write(wx, 0, b);
            if (v % 2 == 0) {
                tx.commit();
            } else {
                tx.prepare(TxId.random());
                tx.commit();
            }
        }
        stop.set(true);
        assertThat(torn.get(60, TimeUnit.SECONDS)).as("reads that saw x committed and y not").isZero();
        pool.shutdown();
        reader.close();
        assertThat(onDisk("x")).isEqualTo("0040");
        assertThat(onDisk("y")).isEqualTo("0040");
    }

    @Test
    void commit_severalMiBWithTruncate_appliesAcrossFrames() throws Exception {
        file("big", "");
        byte[] data = new byte[5 * 1024 * 1024 + 123];
        new Random(1).nextBytes(data);
        CageChannel ch = cage.open("s", "big", OpenMode.EXCLUSIVE);
        CageTransaction tx = cage.beginTransaction();
        tx.write(ch, 0, data);
        tx.truncate(ch, 4 * 1024 * 1024);
        tx.write(ch, 4 * 1024 * 1024 + 10, new byte[] {7});
        assertThat(tx.size(ch)).isEqualTo(4 * 1024 * 1024 + 11);
        byte[] expected = new byte[4 * 1024 * 1024 + 11];
        System.arraycopy(data, 0, expected, 0, 4 * 1024 * 1024);
        expected[expected.length - 1] = 7;
        assertThat(tx.read(ch, 0, expected.length + 100)).isEqualTo(expected);

        tx.prepare(TxId.random());
        tx.commit();

        assertThat(Files.readAllBytes(node.root().resolve("big"))).isEqualTo(expected);
        assertThat(cage.read(ch, 0, expected.length + 100)).isEqualTo(expected);
    }

    @Test
    void recover_afterFirstClientClosed_secondClientCommitsAndRollsBack() throws Exception {
        file("a", "aaaa");
        file("b", "bbbb");
        TxId commitMe = new TxId(1, "one".getBytes(UTF_8), new byte[0]);
        TxId rollMeBack = new TxId(1, "two".getBytes(UTF_8), new byte[0]);
        try (Cage first = node.client("s")) {
            CageChannel a = first.open("s", "a", OpenMode.SHARED_WRITE);
            CageChannel b = first.open("s", "b", OpenMode.SHARED_WRITE);
            CageTransaction t1 = first.beginTransaction();
            t1.write(a, 0, "AA".getBytes(UTF_8));
            t1.prepare(commitMe);
            CageTransaction t2 = first.beginTransaction();
            t2.write(b, 0, "BB".getBytes(UTF_8));
            t2.prepare(rollMeBack);
        }

        assertThat(other.recover("s")).containsExactlyInAnyOrder(commitMe, rollMeBack);
        other.commitPrepared("s", commitMe);
        other.rollbackPrepared("s", rollMeBack);

        assertThat(onDisk("a")).isEqualTo("AAaa");
        assertThat(onDisk("b")).isEqualTo("bbbb");
        assertThat(other.recover("s")).isEmpty();
        assertThatThrownBy(() -> other.commitPrepared("s", commitMe)).isInstanceOf(TransactionUnknownException.class);
        assertThatThrownBy(() -> other.rollbackPrepared("s", TxId.random())).isInstanceOf(TransactionUnknownException.class);
    }

    @Test
    void commit_nodeRestartedBetweenPrepareAndCommit_newClientCommits() throws Exception {
        file("a", "before");
        TxId id = TxId.random();
        CageChannel ch = cage.open("s", "a", OpenMode.SHARED_WRITE);
        CageTransaction tx = cage.beginTransaction();
        tx.write(ch, 0, "AFTER!".getBytes(UTF_8));
        tx.prepare(id);
        cage.close();
        other.close();

        node.stop();
        node.restart();

        cage = node.client("s");
        other = node.client("s");
        assertThat(cage.recover("s")).containsExactly(id);
        try (Cage uncached = node.clientBuilder("s").pageCount(0).build()) {
            CageChannel theirs = uncached.open("s", "a", OpenMode.SHARED_WRITE);
            assertThatThrownBy(() -> uncached.write(theirs, 0, "x".getBytes(UTF_8)))
                .as("the lock survives the restart").isInstanceOf(FileLockedException.class);
        }
        cage.commitPrepared("s", id);
        assertThat(onDisk("a")).isEqualTo("AFTER!");
    }
}
