package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ServerErrorException;
import dev.cage.protocol.Status;
import dev.cage.server.journal.FileOp;
import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalConfig;
import dev.cage.server.journal.JournalEntry;
import dev.cage.server.journal.JournalStore;
import dev.cage.server.journal.NamespaceOp;
import dev.cage.server.journal.NamespaceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node writes its journal ahead of every change, and repairs the tree from it at start. */
class JournaledNodeTest {
    @TempDir
    Path tmp;

    /** The journal database of a test's node; {@code null}: the default, embedded H2. Overridden for PostgreSQL. */
    JournalConfig journalConfig() throws Exception {
        return null;
    }

    private dev.cage.server.NodeConfig.Builder withJournal(dev.cage.server.NodeConfig.Builder b) {
        try {
            JournalConfig cfg = journalConfig();
            return cfg == null ? b : b.journal(cfg);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cage direct(TestNode n) throws Exception {
        return n.clientBuilder("s").pageCount(0).build();
    }

    @Test
    void writesAndNamespaceChanges_areJournaledWithTheBytesTheyReplaced() throws Exception {
        try (TestNode n = TestNode.start(tmp, this::withJournal); Cage cage = direct(n)) {
            cage.mkdir("s", "d");
            CageChannel ch = cage.open("s", "d/f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "hello world".getBytes());
            cage.write(ch, 6, "WORLD!".getBytes());
            cage.truncate(ch, 5);
            cage.close(ch);
            cage.rename("s", "d/f", "d/g");
            cage.remove("s", "d/g");

            List<JournalEntry> all = n.node().journalStore().entriesAfter(0);
            List<FileRecord> writes = all.stream().filter(e -> e instanceof FileRecord f && f.getOp() != FileOp.READ)
                .map(e -> (FileRecord) e).toList();
            assertThat(writes).hasSize(3);
            var payloads = n.node().journalStore().payloads();
            assertThat(new String(payloads.newBytes(writes.get(1)))).isEqualTo("WORLD!");
            assertThat(new String(payloads.oldBytes(writes.get(1)))).isEqualTo("world");
            assertThat(writes.get(1).getOldSize()).isEqualTo(11);
            assertThat(writes.get(1).getNewSize()).isEqualTo(12);
            assertThat(writes.get(2).getOp()).isEqualTo(FileOp.TRUNCATE);
            assertThat(new String(payloads.oldBytes(writes.get(2)))).isEqualTo(" WORLD!");
            assertThat(all).filteredOn(e -> e instanceof NamespaceRecord)
                .extracting(e -> ((NamespaceRecord) e).getOp())
                .contains(NamespaceOp.SESSION_START, NamespaceOp.MKDIR, NamespaceOp.CREATE, NamespaceOp.OPEN,
                    NamespaceOp.CLOSE, NamespaceOp.RENAME, NamespaceOp.REMOVE);
            NamespaceRecord remove = all.stream().filter(e -> e instanceof NamespaceRecord r && r.getOp() == NamespaceOp.REMOVE)
                .map(e -> (NamespaceRecord) e).findFirst().orElseThrow();
            // The removed file's bytes are kept, so a rollback can bring it back.
            assertThat(Files.readString(n.node().config().dataDir().resolve("trash").resolve(remove.getTrashRef()))).isEqualTo("hello");
        }
    }

    @Test
    void journaledChangesThatNeverReachedTheDisk_areRedoneAtStart() throws Exception {
        TestNode n = TestNode.startOnFixedPorts(tmp, this::withJournal);
        try (Cage cage = direct(n)) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "0123456789".getBytes());
            cage.close(ch);
        }
        n.stop();
        // As if the node had journaled these and died before touching the disk:
        JournalConfig cfg = n.node().config().journal();
        try (JournalStore store = JournalStore.open(cfg)) {
            OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC);
            store.appendNow(FileRecord.write(t, 1, "f", 2, "AB".getBytes(), "23".getBytes(), 10, 10));
            store.appendNow(new NamespaceRecord(t, 1, "admin", "", NamespaceOp.RENAME, "f").path2("g"));
            store.appendNow(FileRecord.write(t, 1, "g", 10, "XY".getBytes(), new byte[0], 10, 12));
        }
        n.restart();
        try {
            assertThat(n.root().resolve("f")).doesNotExist();
            assertThat(Files.readString(n.root().resolve("g"))).isEqualTo("01AB456789XY");
            assertThat(n.node().recovery().bytesRepaired()).isEqualTo(2);
            assertThat(n.node().recovery().namespaceRepaired()).isEqualTo(1);
        } finally {
            n.close();
        }
    }

    @Test
    void writeAppliedButRenamedLater_isRedoneAtTheNewName() throws Exception {
        TestNode n = TestNode.startOnFixedPorts(tmp, this::withJournal);
        try (Cage cage = direct(n)) {
            cage.create("s", "a");
        }
        n.stop();
        try (JournalStore store = JournalStore.open(n.node().config().journal())) {
            OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC);
            store.appendNow(FileRecord.write(t, 1, "a", 0, "lost".getBytes(), new byte[0], 0, 4));
            store.appendNow(new NamespaceRecord(t, 1, "admin", "", NamespaceOp.RENAME, "a").path2("b"));
        }
        Files.move(n.root().resolve("a"), n.root().resolve("b")); // the rename reached the disk, the write did not
        n.restart();
        try {
            assertThat(Files.readString(n.root().resolve("b"))).isEqualTo("lost");
            assertThat(n.root().resolve("a")).doesNotExist();
        } finally {
            n.close();
        }
    }

    @Test
    void cleanStop_leavesNothingToRepair() throws Exception {
        TestNode n = TestNode.startOnFixedPorts(tmp, this::withJournal);
        try (Cage cage = direct(n)) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, new byte[100_000]);
            cage.close(ch);
        }
        n.stop();
        n.restart();
        try {
            assertThat(n.node().recovery().repairedAnything()).isFalse();
        } finally {
            n.close();
        }
    }

    @Test
    void nodeWithoutJournal_recordsNothing() throws Exception {
        try (TestNode n = TestNode.start(tmp, b -> b.journal(null)); Cage cage = direct(n)) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "x".getBytes());
            assertThat(n.node().journalStore()).isNull();
            assertThat(n.node().recovery()).isNull();
        }
    }

    @Test
    void damagedWriteAheadLog_refusesTheStartNamingSegmentAndOffset() throws Exception {
        TestNode n = TestNode.startOnFixedPorts(tmp, this::withJournal);
        try (Cage cage = direct(n)) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            for (int i = 0; i < 3; i++) {
                cage.write(ch, 0, new byte[100]);
            }
            cage.close(ch);
        }
        n.stop();
        Path segment = n.node().config().journal().logDir().resolve("00000000000000000001.wal");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[50] ^= 1; // inside the first write's payload, acknowledged, with valid records after it
        Files.write(segment, bytes);

        assertThatThrownBy(n::restart).hasMessageContaining("damaged")
            .hasMessageContaining("00000000000000000001.wal").hasMessageContaining("offset 0");
    }

    @Test
    void unreachableJournalAtStart_failsWithAClearError() {
        JournalConfig nowhere = JournalConfig.of("jdbc:postgresql://127.0.0.1:1/none", "x", "y");
        assertThatThrownBy(() -> TestNode.start(tmp, b -> b.journal(nowhere)))
            .hasMessageContaining("cannot open the journal");
    }

    static void assertJournalRefusal(Throwable t) {
        assertThat(t).isInstanceOf(ServerErrorException.class);
        assertThat(((ServerErrorException) t).status()).isEqualTo(Status.JOURNAL_UNAVAILABLE);
    }
}
