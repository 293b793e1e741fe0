package dev.cage.server.journal;

import static dev.cage.server.journal.Entries.T0;
import static dev.cage.server.journal.Entries.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cage.server.wal.LogConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every journal database must do. Subclasses say how to get a fresh database and an unreachable one; the
 * same tests then run against each (H2, PostgreSQL).
 */
abstract class JournalStoreContract {
    /** Small pages, so paging is exercised by a few dozen entries. */
    static final int PAGE = 10;

    JournalConfig config;
    JournalStore store;

    /** A configuration naming a new, empty database. Called once per test. */
    abstract JournalConfig freshConfig() throws Exception;

    /** A configuration naming a database that cannot be reached. */
    abstract JournalConfig unreachableConfig() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        config = freshConfig().withPageSize(PAGE);
        store = JournalStore.open(config);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void append_bothKinds_seqFollowsAppendOrderAndFieldsRoundTrip() {
        List<JournalEntry> entries = new ArrayList<>();
        entries.add(Entries.op(NamespaceOp.RENAME, "a/x", at(0)).path2("b/x").mode("EXCLUSIVE").outcome("OK")
            .trashRef(".trash/1"));
        IntStream.range(1, 40).mapToObj(Entries::mixed).forEach(entries::add);
        entries.add(FileRecord.truncate(at(50), 9, "b/x", Entries.bytes(77, 1), 177, 100));
        entries.add(FileRecord.read(at(51), 9, "b/x", 10, 20, 100));

        // Queued without waiting, so batches mix both kinds.
        List<CompletableFuture<Long>> futures = entries.stream().map(store::append).toList();
        List<Long> seqs = futures.stream().map(CompletableFuture::join).toList();

        assertThat(seqs).doesNotHaveDuplicates().isSorted().allMatch(s -> s > 0);
        List<JournalEntry> back = store.entriesAfter(0);
        assertThat(back).extracting(JournalEntry::getSeq).containsExactlyElementsOf(seqs);
        assertThat(back).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(entries);
        NamespaceRecord rename = (NamespaceRecord) back.get(0);
        assertThat(rename.getTime()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(rename.getPath2()).isEqualTo("b/x");
        assertThat(rename.getTrashRef()).isEqualTo(".trash/1");
        FileRecord read = (FileRecord) back.get(back.size() - 1);
        assertThat(store.payloads().newBytes(read)).isNull();
        assertThat(store.payloads().oldBytes(read)).isNull();
    }

    @Test
    void newestOrigin_afterReopen_isTheLatestGroupChangeRecorded_aCheckpointsOwnIncluded() {
        assertThat(store.newestOrigin()).as("a fresh journal").isNull();
        JournalEntry write = Entries.write("g/a", at(0), 32);
        write.recordsChange(new ChangeOrigin(5, 0, 0));
        JournalEntry rename = Entries.op(NamespaceOp.RENAME, "g/a", at(1)).path2("g/b").outcome("OK");
        rename.recordsChange(new ChangeOrigin(5, 1, 0));
        JournalEntry commitWrite = Entries.write("g/b", at(2), 16);
        commitWrite.recordsChange(new ChangeOrigin(5, 1, 1));
        store.appendNow(write);
        store.appendNow(rename);
        store.appendNow(commitWrite);
        store.appendNow(Entries.op(NamespaceOp.OPEN, "g/b", at(3))); // a node's own note: no origin
        store.close();
        store = JournalStore.open(config);

        assertThat(store.newestOrigin()).isEqualTo(new ChangeOrigin(5, 1, 1));
        List<JournalEntry> back = store.entriesAfter(0);
        assertThat(back).extracting(JournalEntry::getOrigin).as("not in the rows")
            .containsOnlyNulls();

        // After a checkpoint the scan starts at it: the checkpoint says which change came last before it.
        NamespaceRecord checkpoint = Entries.checkpoint(at(4));
        checkpoint.recordsChange(new ChangeOrigin(7, 2, 0));
        store.appendNow(checkpoint);
        store.appendNow(Entries.write("local", at(5), 8));
        store.close();
        store = JournalStore.open(config);

        assertThat(store.newestOrigin()).isEqualTo(new ChangeOrigin(7, 2, 0));
    }

    @Test
    void appendNow_1000From32Threads_durableDistinctIncreasingAndGroupCommitted() throws Exception {
        int threads = 32;
        int total = 1000;
        long commitsBefore = store.commitCount();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            int count = total / threads + (t < total % threads ? 1 : 0);
            perThread.add(pool.submit(() -> {
                start.await();
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    JournalEntry e = i % 3 == 0
                        ? Entries.op(NamespaceOp.OPEN, "t" + thread + "/" + i, at(i))
                        : Entries.write("t" + thread + "/" + i, at(i), 64);
                    seqs.add(store.appendNow(e));
                }
                return seqs;
            }));
        }
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : perThread) {
            List<Long> seqs = f.get();
            assertThat(seqs).isSorted().doesNotHaveDuplicates();
            all.addAll(seqs);
        }
        pool.shutdown();
        long commits = store.commitCount() - commitsBefore;

        assertThat(all).hasSize(total).doesNotHaveDuplicates();
        assertThat(commits).as("commits for %d appends", total).isLessThan(total);
        store.close();
        store = JournalStore.open(config);
        List<Long> durable = new ArrayList<>();
        store.forEachAfter(0, e -> durable.add(e.getSeq()));
        Collections.sort(all);
        assertThat(durable).containsExactlyElementsOf(all);
    }

    @Test
    void appendNow_oneAfterAnotherFromOneThread_rowsShareTransactions() {
        int total = 300;
        long commitsBefore = store.commitCount();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            seqs.add(store.appendNow(Entries.write("one/" + (i % 7), at(i), 64)));
        }
        List<Long> rows = new ArrayList<>();
        store.forEachAfter(seqs.get(0) - 1, e -> rows.add(e.getSeq()));
        assertThat(rows).as("a query sees every acknowledged entry").containsExactlyElementsOf(seqs);
        // Each append waited for its own force, so no two were ever queued together; rows linger for company.
        assertThat(store.commitCount() - commitsBefore).as("row commits for %d appends", total)
            .isLessThanOrEqualTo(total * 2 / 3);
    }

    @Test
    void fileHistory_withBlobs_bytesComeBackIdentical() {
        byte[] mib = Entries.bytes(1 << 20, 42);
        byte[] overwritten = Entries.bytes(4096, 43);
        store.appendNow(FileRecord.write(at(0), 1, "big", 0, mib, overwritten, 4096, 1 << 20));
        store.appendNow(FileRecord.write(at(1), 1, "big", 1 << 20, new byte[] {1, 2, 3}, new byte[0], 1 << 20,
            (1 << 20) + 3));
        store.appendNow(FileRecord.truncate(at(2), 1, "big", Entries.bytes(3, 44), (1 << 20) + 3, 1 << 20));

        List<FileRecord> history = store.fileHistory("big", null, null);

        assertThat(history).extracting(FileRecord::getOp).containsExactly(FileOp.WRITE, FileOp.WRITE, FileOp.TRUNCATE);
        JournalPayloads payloads = store.payloads();
        assertThat(payloads.newBytes(history.get(0))).isEqualTo(mib);
        assertThat(payloads.oldBytes(history.get(0))).isEqualTo(overwritten);
        assertThat(payloads.newBytes(history.get(1))).containsExactly(1, 2, 3);
        assertThat(payloads.oldBytes(history.get(1))).isEmpty();
        assertThat(payloads.newBytes(history.get(2))).isNull();
        assertThat(payloads.oldBytes(history.get(2))).isEqualTo(Entries.bytes(3, 44));
        assertThat(history.get(2).getOffset()).isEqualTo(1 << 20);
        assertThat(history.get(2).getLength()).isEqualTo(3);
    }

    @Test
    void fileHistory_timeWindow_sinceInclusiveUntilExclusiveToTheMicrosecond() {
        store.appendNow(Entries.write("a", at(0), 8));
        store.appendNow(Entries.write("a", at(0).plusNanos(1_000), 8));
        store.appendNow(Entries.write("a", at(1), 8));
        store.appendNow(Entries.write("a", at(2), 8));
        store.appendNow(Entries.write("b", at(1), 8));
        store.appendNow(Entries.op(NamespaceOp.OPEN, "a", at(1)));

        List<FileRecord> window = store.fileHistory("a", at(0).plusNanos(1_000), at(2));

        assertThat(window).extracting(FileRecord::getTime)
            .containsExactly(at(0).plusNanos(1_000).truncatedTo(ChronoUnit.MICROS), at(1).truncatedTo(ChronoUnit.MICROS));
        assertThat(store.fileHistory("a", null, null)).hasSize(4);
        assertThat(store.fileHistory("a", at(2), null)).hasSize(1);
        assertThat(store.fileHistory("nothing", null, null)).isEmpty();
    }

    @Test
    void forEachAfter_overMoreThanTwoPages_allInSeqOrder() {
        // Uneven runs of each kind, so the two tables' pages end at different places.
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 47; i++) {
            JournalEntry e = i % 7 < 4 ? Entries.write("p/" + i, at(i), 8) : Entries.op(NamespaceOp.CLOSE, "p/" + i, at(i));
            seqs.add(store.appendNow(e));
        }

        List<Long> all = new ArrayList<>();
        store.forEachAfter(0, e -> all.add(e.getSeq()));
        List<Long> tail = new ArrayList<>();
        store.forEachAfter(seqs.get(19), e -> tail.add(e.getSeq()));

        assertThat(all).hasSizeGreaterThan(2 * PAGE).containsExactlyElementsOf(seqs);
        assertThat(tail).containsExactlyElementsOf(seqs.subList(20, 47));
        assertThat(store.entriesAfter(seqs.get(46))).isEmpty();
    }

    @Test
    void entriesBetween_timeRange_pagedInSeqOrder() {
        List<Long> seqs = IntStream.range(0, 40).mapToObj(i -> store.appendNow(Entries.mixed(i))).toList();

        List<JournalEntry> between = store.entriesBetween(at(5), at(35));

        assertThat(between).extracting(JournalEntry::getSeq).containsExactlyElementsOf(seqs.subList(5, 35));
    }

    @Test
    void entriesForPathSince_subtree_newestFirstWithRenamesButNotLookalikes() {
        store.appendNow(Entries.write("dir/old", at(0), 8));
        long mkdir = store.appendNow(Entries.op(NamespaceOp.MKDIR, "dir", at(10)));
        long write = store.appendNow(Entries.write("dir/a", at(11), 8));
        long sibling = store.appendNow(Entries.write("dir2/x", at(12), 8));
        long renameIn = store.appendNow(Entries.op(NamespaceOp.RENAME, "other/f", at(13)).path2("dir/f"));
        long lookalike = store.appendNow(Entries.write("d_r/z", at(14), 8));
        long removed = store.appendNow(Entries.op(NamespaceOp.REMOVE, "dir/a", at(15)).trashRef(".trash/9"));

        assertThat(store.entriesForPathSince("dir", at(10))).extracting(JournalEntry::getSeq)
            .containsExactly(removed, renameIn, write, mkdir);
        assertThat(store.entriesForPathSince("d_r", at(0))).extracting(JournalEntry::getSeq)
            .containsExactly(lookalike);
        assertThat(store.entriesForPathSince("", at(12))).extracting(JournalEntry::getSeq)
            .containsExactly(removed, lookalike, renameIn, sibling);
    }

    @Test
    void pruneBefore_keepsEverythingFromTheLastCheckpointOn() {
        store.appendNow(Entries.write("a", at(0), 8));
        store.appendNow(Entries.op(NamespaceOp.OPEN, "a", at(1)));
        assertThat(store.pruneBefore(at(100))).as("nothing is pruned without a checkpoint").isZero();

        long checkpoint = store.appendNow(Entries.checkpoint(at(2)));
        long lateButOld = store.appendNow(Entries.write("a", at(1), 8)); // after the checkpoint, older than it
        long after = store.appendNow(Entries.op(NamespaceOp.CLOSE, "a", at(3)));
        store.appendNow(Entries.checkpoint(at(4)).outcome("IO_ERROR")); // a failed checkpoint does not count

        assertThat(store.lastCheckpointSeq()).isEqualTo(checkpoint);
        assertThat(store.pruneBefore(at(100))).isEqualTo(2);
        assertThat(store.entriesAfter(0)).extracting(JournalEntry::getSeq)
            .startsWith(checkpoint, lateButOld, after).hasSize(4);
        assertThat(store.pruneBefore(at(100))).isZero();
    }

    @Test
    void pruneBefore_deletesTheLogSegmentsNoRemainingEntryNeeds() throws IOException {
        store.close();
        store = JournalStore.open(config, JournalLog.CONFIG.withSegmentSize(4096)); // a few records a segment
        for (int i = 0; i < 20; i++) {
            store.appendNow(Entries.write("old/" + i, at(i), 1000));
        }
        store.appendNow(Entries.checkpoint(at(50)));
        FileRecord kept = FileRecord.write(at(60), 7, "kept", 0, Entries.bytes(1000, 1), Entries.bytes(500, 2), 500,
            1000);
        store.appendNow(kept);
        long segmentsBefore = segments();

        assertThat(store.pruneBefore(at(40))).isEqualTo(20);

        assertThat(segments()).as("segments holding only pruned payloads are gone").isLessThan(segmentsBefore - 3)
            .isPositive();
        FileRecord back = store.fileHistory("kept", null, null).get(0);
        assertThat(store.payloads().newBytes(back)).isEqualTo(Entries.bytes(1000, 1));
        assertThat(store.payloads().oldBytes(back)).isEqualTo(Entries.bytes(500, 2));
        assertThat(store.stats().blobBytes()).isEqualTo(1500);
    }

    @Test
    void open_logWithADamagedAcknowledgedRecord_isRefusedNamingSegmentAndOffset() throws IOException {
        for (int i = 0; i < 3; i++) {
            store.appendNow(Entries.write("f", at(i), 100));
        }
        store.close();
        Path first = config.logDir().resolve("00000000000000000001.wal");
        try (FileChannel ch = FileChannel.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 40);
            b.put(0, (byte) ~b.get(0)).rewind();
            ch.write(b, 40); // inside the first record's payload, with valid records after it
        }

        assertThatThrownBy(() -> JournalStore.open(config)).isInstanceOf(JournalUnavailableException.class)
            .hasMessageContaining("damaged").hasMessageContaining("00000000000000000001.wal")
            .hasMessageContaining("offset 0");
    }

    @Test
    void open_rowsPointingPastTheEndOfTheLog_isRefused() throws IOException {
        store.appendNow(Entries.write("f", at(0), 100));
        store.close();
        try (var files = Files.list(config.logDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".wal")).toList()) {
                Files.delete(f); // as if the data directory's wal had been lost, or the database moved to another node
            }
        }

        assertThatThrownBy(() -> JournalStore.open(config)).isInstanceOf(JournalUnavailableException.class)
            .hasMessageContaining("not the log this journal was written with");
    }

    @Test
    void open_journalWithEntriesButNoFormat_isRefusedAsAnEarlierFormat() throws Exception {
        store.appendNow(Entries.mixed(1));
        store.close();
        execute("DELETE FROM CAGE_JOURNAL_FORMAT"); // what a journal from before the write-ahead log looks like

        assertThatThrownBy(() -> JournalStore.open(config)).isInstanceOf(JournalUnavailableException.class)
            .hasMessageContaining("earlier Cage").hasMessageContaining("format 1");
    }

    @Test
    void open_journalWithoutAFormatTable_isRefusedBeforeItsSchemaIsTouched() throws Exception {
        store.appendNow(Entries.mixed(1));
        store.close();
        execute("DROP TABLE CAGE_JOURNAL_FORMAT"); // exactly a journal from before the write-ahead log
        execute("ALTER TABLE CAGE_FILE_JOURNAL DROP COLUMN OLD_LEN");

        assertThatThrownBy(() -> JournalStore.open(config)).isInstanceOf(JournalUnavailableException.class)
            .hasMessageContaining("earlier Cage").hasMessageContaining("format 1");
        assertThatThrownBy(() -> execute("SELECT OLD_LEN FROM CAGE_FILE_JOURNAL")).as("no column was added")
            .isInstanceOf(SQLException.class);
    }

    @Test
    void open_journalOfAnotherFormat_isRefused() throws Exception {
        store.close();
        execute("UPDATE CAGE_JOURNAL_FORMAT SET FORMAT_VERSION = 2");

        assertThatThrownBy(() -> JournalStore.open(config)).isInstanceOf(JournalUnavailableException.class)
            .hasMessageContaining("format 2").hasMessageContaining("move the old journal aside");
    }

    @Test
    void savePrepared_thenACommitPointingAtTheStagedBytes_logsThemOnceAndReadsThemBack() throws IOException {
        byte[] staged = Entries.bytes(5000, 3);
        PreparedOp write = PreparedOp.write("1:aa:bb", 0, "f", 10, staged);
        store.savePrepared(new PreparedBranch("1:aa:bb", "alice", 7, at(0), 2),
            List.of(write, PreparedOp.truncate("1:aa:bb", 1, "f", 100)));
        List<PreparedOp> back = store.preparedOps("1:aa:bb");
        assertThat(store.payloads().data(back.get(0))).isEqualTo(staged);
        assertThat(store.payloads().data(back.get(1))).isNull();
        long logBytes = logBytes();

        FileRecord commit = FileRecord.write(at(1), 7, "f", 10, staged, Entries.bytes(40, 4), 50, 5010);
        commit.newBytesLoggedAt(back.get(0).dataReference());
        store.appendNow(commit);
        long commitBytes = logBytes() - logBytes;
        store.appendNow(Entries.op(NamespaceOp.TX_COMMIT, "", at(2)).path2("1:aa:bb"));

        assertThat(commitBytes).as("the entry and its old bytes, not the staged bytes again").isLessThan(300);
        FileRecord committed = store.fileHistory("f", null, null).get(0);
        assertThat(store.payloads().newBytes(committed)).isEqualTo(staged);
        assertThat(store.payloads().oldBytes(committed)).isEqualTo(Entries.bytes(40, 4));
        assertThat(store.preparedBranches()).as("the branch's end removed it").isEmpty();
        assertThat(store.preparedOps("1:aa:bb")).isEmpty();
    }

    private long logBytes() throws IOException {
        long n = 0;
        try (var files = Files.list(config.logDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".wal")).toList()) {
                n += Files.size(f);
            }
        }
        return n;
    }

    private long segments() throws IOException {
        try (var files = Files.list(config.logDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".wal")).count();
        }
    }

    @Test
    void stats_countsBlobBytesAndTimeSpan() {
        assertThat(store.stats()).isEqualTo(new JournalStats(0, 0, 0, null, null));
        store.appendNow(Entries.op(NamespaceOp.CREATE, "a", at(5)));
        store.appendNow(FileRecord.write(at(1), 1, "a", 0, new byte[1000], new byte[10], 10, 1000));
        store.appendNow(FileRecord.truncate(at(9), 1, "a", new byte[200], 1000, 800));
        store.appendNow(FileRecord.read(at(3), 1, "a", 0, 10, 800));

        assertThat(store.stats()).isEqualTo(new JournalStats(1, 3, 1210, at(1).truncatedTo(ChronoUnit.MICROS),
            at(9).truncatedTo(ChronoUnit.MICROS)));
    }

    @Test
    void open_sameDatabaseAgain_keepsEntriesAndSeqsKeepRising() {
        List<Long> before = IntStream.range(0, 5).mapToObj(i -> store.appendNow(Entries.mixed(i))).toList();
        store.close();

        store = JournalStore.open(config);

        assertThat(store.entriesAfter(0)).extracting(JournalEntry::getSeq).containsExactlyElementsOf(before);
        assertThat(store.appendNow(Entries.mixed(5))).isGreaterThan(before.get(4));
    }

    @Test
    void close_withAppendsQueued_commitsThemAll() {
        List<CompletableFuture<Long>> queued = IntStream.range(0, 300)
            .mapToObj(i -> store.append(Entries.mixed(i))).toList();

        store.close();

        assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        store = JournalStore.open(config);
        assertThat(store.stats().entries()).isEqualTo(300);
    }

    @Test
    void append_afterClose_failsWithJournalUnavailable() {
        store.close();

        assertThat(store.append(Entries.mixed(0))).isCompletedExceptionally();
        assertThatThrownBy(() -> store.appendNow(Entries.mixed(0))).isInstanceOf(JournalUnavailableException.class)
            .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.entriesAfter(0)).isInstanceOf(JournalUnavailableException.class);
    }

    @Test
    void appendNow_entryTheDatabaseRejects_isDurableInTheLog_onlyItsRowIsLost_andTheJournalGoesOn() throws Exception {
        execute("ALTER TABLE CAGE_NAMESPACE_JOURNAL ADD CONSTRAINT NO_EVIL CHECK (PATH <> 'evil')");
        List<CompletableFuture<Long>> batch = IntStream.range(0, 20).mapToObj(i -> store.append(i == 10
            ? Entries.op(NamespaceOp.CREATE, "evil", at(i)) : Entries.op(NamespaceOp.CREATE, "ok/" + i, at(i)))).toList();

        assertThat(batch).allSatisfy(f -> assertThat(f.join()).isPositive()); // acknowledged: durable in the log
        assertThat(store.appendNow(Entries.mixed(1))).isPositive();
        assertThat(store.entriesAfter(0)).extracting(JournalEntry::getPath).hasSize(20).doesNotContain("evil")
            .contains("ok/9", "ok/11", "f/1");
    }

    @Test
    void open_afterACrashLostTheNewestRows_writesThemFromTheLogWithTheirBytes() throws Exception {
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            entries.add(i % 3 == 0 ? Entries.op(NamespaceOp.RENAME, "n/" + i, at(i)).path2("m/" + i)
                : FileRecord.write(at(i), 4, "f/" + i, i, Entries.bytes(100 + i, i), Entries.bytes(i, i + 1), i, 100 + 2 * i));
        }
        List<Long> seqs = entries.stream().map(store::appendNow).toList();
        store.close();
        long lost = seqs.get(11); // as if the database had not kept the rows of its last commits
        execute("DELETE FROM CAGE_FILE_JOURNAL WHERE SEQ >= " + lost);
        execute("DELETE FROM CAGE_NAMESPACE_JOURNAL WHERE SEQ >= " + lost);

        store = JournalStore.open(config);

        List<JournalEntry> back = store.entriesAfter(0);
        assertThat(back).extracting(JournalEntry::getSeq).containsExactlyElementsOf(seqs);
        assertThat(back).usingRecursiveFieldByFieldElementComparatorIgnoringFields("entryPos", "newPos", "oldPos")
            .containsExactlyElementsOf(entries);
        for (int i = 0; i < back.size(); i++) {
            if (back.get(i) instanceof FileRecord f) {
                assertThat(store.payloads().newBytes(f)).isEqualTo(Entries.bytes(100 + i, i));
                assertThat(store.payloads().oldBytes(f)).isEqualTo(Entries.bytes(i, i + 1));
            }
        }
        assertThat(store.appendNow(Entries.mixed(99))).as("seqs go on after the rebuilt ones")
            .isGreaterThan(seqs.get(29));
    }

    /**
     * A killed node's database kept a row but lost rows before it (seen with H2, whose commits do not wait for the
     * disk): every entry after the last checkpoint gets its row back, or crash recovery would redo an older write
     * over a newer one whose row is missing (KillNineTest, seed 80360780118279).
     */
    @Test
    void open_afterACrashLeftHolesBelowTheNewestRow_writesTheRowsOfEveryEntryAfterTheLastCheckpoint() throws Exception {
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(store.appendNow(FileRecord.write(at(i), 4, "f/a", 0, Entries.bytes(8, i), Entries.bytes(8, i + 1), 8, 8)));
        }
        long checkpoint = store.appendNow(new NamespaceRecord(at(5), 0, "node", "", NamespaceOp.CHECKPOINT, "cp"));
        List<Long> after = new ArrayList<>();
        for (int i = 6; i < 20; i++) {
            after.add(i % 4 == 0 ? store.appendNow(Entries.op(NamespaceOp.CREATE, "n/" + i, at(i)))
                : store.appendNow(FileRecord.write(at(i), 4, "f/a", 0, Entries.bytes(8, i), Entries.bytes(8, i + 1), 8, 8)));
        }
        store.close();
        List<Long> holes = List.of(after.get(2), after.get(3), after.get(8), after.get(9));
        for (long seq : holes) {
            execute("DELETE FROM CAGE_FILE_JOURNAL WHERE SEQ = " + seq);
            execute("DELETE FROM CAGE_NAMESPACE_JOURNAL WHERE SEQ = " + seq);
        }

        store = JournalStore.open(config);

        assertThat(store.lastCheckpointSeq()).isEqualTo(checkpoint);
        assertThat(store.entriesAfter(checkpoint)).extracting(JournalEntry::getSeq).containsExactlyElementsOf(after);
        assertThat(store.entriesAfter(0)).extracting(JournalEntry::getSeq).containsAll(before);
    }

    @Test
    void appendLazily_notesRideTheNextAppendsForce_inAppendOrder() {
        long forcesBefore = store.logStats().forces();
        List<CompletableFuture<Long>> notes = IntStream.range(0, 100)
            .mapToObj(i -> store.appendLazily(Entries.op(NamespaceOp.OPEN, "n/" + i, at(i)))).toList();

        long change = store.appendNow(Entries.write("w", at(200), 10));

        assertThat(notes).allSatisfy(f -> assertThat(f.join()).isPositive().isLessThan(change));
        assertThat(notes.stream().map(CompletableFuture::join).toList()).isSorted();
        // The notes forced nothing of their own: they went to the log in one group with the change (two forces only
        // if the once-a-second note timer wrote some of them first).
        assertThat(store.logStats().forces() - forcesBefore).isBetween(1L, 2L);
        assertThat(store.entriesAfter(0)).hasSize(101);
    }

    @Test
    void openWriteClose_costsOneForcePerWrite_notesNeverForcedApartFromTheirChange() {
        long forcesBefore = store.logStats().forces();
        long start = System.nanoTime();
        int writes = 300;
        for (int i = 0; i < writes; i++) {
            store.appendLazily(Entries.op(NamespaceOp.OPEN, "f", at(3 * i)));
            store.appendNow(Entries.write("f", at(3 * i + 1), 16));
            store.appendLazily(Entries.op(NamespaceOp.CLOSE, "f", at(3 * i + 2)));
        }
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        // A note held before a write is in the write's group; only the note timer (once a second) forces on its own.
        assertThat(store.logStats().forces() - forcesBefore).isBetween((long) writes, writes + seconds + 1);
    }

    @Test
    void append_valuesTooLongOrEntryAppendedTwice_refusedBeforeQueueing() {
        String tooLong = "x".repeat(JournalEntry.MAX_PATH + 1);
        assertThatThrownBy(() -> Entries.write(tooLong, at(0), 8)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("path");
        assertThatThrownBy(() -> Entries.op(NamespaceOp.RENAME, "a", at(0)).path2(tooLong))
            .isInstanceOf(IllegalArgumentException.class);
        JournalEntry once = Entries.mixed(0);
        store.appendNow(once);

        assertThatThrownBy(() -> store.append(once)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("already");
        assertThat(store.stats().entries()).isOne();
    }

    @Test
    void open_unreachableDatabase_failsClearlyAndPromptly() throws Exception {
        JournalConfig unreachable = unreachableConfig();

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> JournalStore.open(unreachable))
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("cannot open the journal database");
        });
    }

    /** Runs SQL on the journal's database over a connection of its own. */
    void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static void assertFailsWithin(CompletableFuture<Long> f, Duration bound) {
        assertThat(f).failsWithin(bound).withThrowableOfType(ExecutionException.class)
            .withCauseInstanceOf(JournalUnavailableException.class);
    }
}
