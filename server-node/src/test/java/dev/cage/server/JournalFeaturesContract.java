package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageJournal;
import dev.cage.client.JournalReplay;
import dev.cage.client.ProgressListener;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.AuthenticationException;
import dev.cage.protocol.FileBusyException;
import dev.cage.protocol.JournalEntryInfo;
import dev.cage.protocol.OpenMode;
import dev.cage.server.journal.JournalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's features, run against every journal database (H2, PostgreSQL). */
abstract class JournalFeaturesContract {
    private static final List<String> NAMES = List.of("a", "b", "c", "d/x", "d/y");

    @TempDir
    Path tmp;
    TestNode node;
    Cage cage;
    CageJournal journal;

    /** The journal database for one test's node. */
    abstract JournalConfig journalConfig(Path dataDir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        JournalConfig cfg = journalConfig(tmp.resolve("data"));
        node = TestNode.start(tmp, b -> b.journal(cfg));
        cage = node.clientBuilder("s").pageCount(0).build();
        journal = cage.journal("s");
    }

    @AfterEach
    void stop() {
        cage.close();
        node.close();
    }

    /** The tree at each instant: after op i, at instants.get(i), the tree was snapshots.get(i). */
    private final List<Instant> instants = new ArrayList<>();
    private final List<TreeMap<String, String>> snapshots = new ArrayList<>();

    private void randomHistory(long seed, int ops) throws Exception {
        Random rnd = new Random(seed);
        cage.mkdir("s", "d");
        mark();
        for (int i = 0; i < ops; i++) {
            List<String> existing = NAMES.stream().filter(n -> Files.exists(node.root().resolve(n))).toList();
            List<String> free = NAMES.stream().filter(n -> !Files.exists(node.root().resolve(n))).toList();
            int op = rnd.nextInt(10);
            if (existing.isEmpty() || (op < 2 && !free.isEmpty())) {
                cage.create("s", free.get(rnd.nextInt(free.size())));
            } else if (op < 6) {
                String f = existing.get(rnd.nextInt(existing.size()));
                CageChannel ch = cage.open("s", f, OpenMode.EXCLUSIVE);
                long size = cage.stat(ch).size();
                byte[] data = new byte[1 + rnd.nextInt(3000)];
                rnd.nextBytes(data);
                cage.write(ch, rnd.nextInt((int) size + 100), data);
                cage.close(ch);
            } else if (op < 8) {
                String f = existing.get(rnd.nextInt(existing.size()));
                CageChannel ch = cage.open("s", f, OpenMode.EXCLUSIVE);
                cage.truncate(ch, rnd.nextInt((int) cage.stat(ch).size() + 500));
                cage.close(ch);
            } else if (op == 8 && !free.isEmpty()) {
                cage.rename("s", existing.get(rnd.nextInt(existing.size())), free.get(rnd.nextInt(free.size())));
            } else {
                cage.remove("s", existing.get(rnd.nextInt(existing.size())));
            }
            mark();
        }
    }

    /** Notes the instant after an operation, and the tree as it stands. */
    private void mark() throws Exception {
        Instant t = Instant.now();
        instants.add(t);
        snapshots.add(snapshot(node.root()));
        // The next operation must be journaled strictly after t (the journal counts microseconds).
        while (JournalEntryInfo.micros(Instant.now()) <= JournalEntryInfo.micros(t)) {
            Thread.onSpinWait();
        }
    }

    static TreeMap<String, String> snapshot(Path root) throws Exception {
        TreeMap<String, String> tree = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !p.equals(root)).toList()) {
                String key = root.relativize(p).toString();
                tree.put(key, Files.isDirectory(p) ? "<dir>" : Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return tree;
    }

    @Test
    void rollbackOfTheTree_toRandomInstants_matchesTheSnapshotsTakenThen() throws Exception {
        randomHistory(11, 50);
        Random rnd = new Random(5);
        for (int round = 0; round < 8; round++) {
            int i = rnd.nextInt(instants.size());
            List<long[]> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            journal.rollback("", true, instants.get(i), (task, done, total) -> reports.add(new long[] {done, total}));
            // The node reports how far it has come: at the end, every entry since the instant.
            assertThat(reports).isNotEmpty();
            assertThat(reports.get(reports.size() - 1)[0]).isEqualTo(reports.get(reports.size() - 1)[1]);
            assertThat(snapshot(node.root())).as("tree rolled back to instant %d", i).isEqualTo(snapshots.get(i));
        }
    }

    @Test
    void branchOfADirectory_atRandomInstants_isItAsItWasThen_andTheOriginalStays() throws Exception {
        randomHistory(23, 60); // files move in and out of d by renames, too
        TreeMap<String, String> now = snapshot(node.root());
        Random rnd = new Random(9);
        for (int round = 0; round < 6; round++) {
            int i = rnd.nextInt(instants.size());
            String to = "branch" + round;
            journal.branch("d", instants.get(i), to, ProgressListener.NONE);

            TreeMap<String, String> expected = new TreeMap<>();
            snapshots.get(i).forEach((k, v) -> {
                if (k.equals("d") || k.startsWith("d/")) {
                    expected.put(to + k.substring(1), v);
                }
            });
            TreeMap<String, String> branch = new TreeMap<>();
            snapshot(node.root()).forEach((k, v) -> {
                if (k.equals(to) || k.startsWith(to + "/")) {
                    branch.put(k, v);
                }
            });
            assertThat(branch).as("branch of d as of instant %d", i).isEqualTo(expected);
        }
        TreeMap<String, String> after = snapshot(node.root());
        after.keySet().removeIf(k -> k.startsWith("branch"));
        assertThat(after).as("the tree outside the branches").isEqualTo(now);
    }

    @Test
    void branch_refusesATargetThatExistsOrLiesInside_andAMissingSource() throws Exception {
        cage.mkdir("s", "src");
        cage.create("s", "src/f");
        cage.mkdir("s", "taken");
        Instant t = Instant.now();
        assertThatThrownBy(() -> journal.branch("src", t, "taken", ProgressListener.NONE))
            .isInstanceOf(dev.cage.protocol.CageFileExistsException.class);
        assertThatThrownBy(() -> journal.branch("src", t, "src/inner", ProgressListener.NONE))
            .isInstanceOf(dev.cage.protocol.InvalidArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> journal.branch("nothing", t, "copy", ProgressListener.NONE))
            .isInstanceOf(dev.cage.protocol.CageFileNotFoundException.class);
        assertThatThrownBy(() -> journal.branch("src", t, "no/such/dir", ProgressListener.NONE))
            .isInstanceOf(dev.cage.protocol.CageFileNotFoundException.class).hasMessageContaining("no directory");
        assertThat(node.root().resolve("copy")).doesNotExist();
    }

    @Test
    void rollbackOfOneFile_followsARename_andCanItselfBeRolledBack() throws Exception {
        CageChannel ch = cage.open("s", "doc", OpenMode.EXCLUSIVE, true);
        cage.write(ch, 0, "version one".getBytes());
        cage.close(ch);
        mark();
        Instant one = instants.get(0);
        ch = cage.open("s", "doc", OpenMode.EXCLUSIVE);
        cage.write(ch, 8, "two, longer".getBytes());
        cage.close(ch);
        cage.rename("s", "doc", "renamed");
        cage.create("s", "unrelated");
        mark();
        Instant beforeRollback = instants.get(1);

        journal.rollback("renamed", false, one);
        assertThat(Files.readString(node.root().resolve("doc"))).isEqualTo("version one");
        assertThat(node.root().resolve("renamed")).doesNotExist();
        assertThat(node.root().resolve("unrelated")).exists(); // other files are left alone

        journal.rollback("doc", false, beforeRollback); // undo the rollback
        assertThat(Files.readString(node.root().resolve("renamed"))).isEqualTo("version two, longer");
        assertThat(node.root().resolve("doc")).doesNotExist();
    }

    @Test
    void removedFile_comesBackWithItsBytes() throws Exception {
        CageChannel ch = cage.open("s", "gone", OpenMode.EXCLUSIVE, true);
        cage.write(ch, 0, "precious".getBytes());
        cage.close(ch);
        mark();
        cage.remove("s", "gone");
        journal.rollback("gone", false, instants.get(0));
        assertThat(Files.readString(node.root().resolve("gone"))).isEqualTo("precious");
    }

    @Test
    void rollback_isRefusedWhileAnotherSessionHasTheFileOpenForWriting() throws Exception {
        cage.create("s", "busy");
        mark();
        try (Cage other = node.clientBuilder("s").pageCount(0).build()) {
            CageChannel ch = other.open("s", "busy", OpenMode.SHARED_WRITE);
            assertThatThrownBy(() -> journal.rollback("busy", false, instants.get(0)))
                .isInstanceOf(FileBusyException.class).hasMessageContaining("open for writing");
            other.close(ch);
        }
    }

    @Test
    void replayOntoACopy_givesTheTreeAsOfUntil() throws Exception {
        randomHistory(23, 40);
        int from = 10;
        int until = 35;
        Path copy = Files.createDirectories(tmp.resolve("backup"));
        materialize(snapshots.get(from), copy);
        List<Long> progress = new ArrayList<>();
        JournalReplay.Result r = JournalReplay.replay(journal, "", instants.get(from), instants.get(until), copy,
            (task, done, total) -> progress.add(done));
        assertThat(snapshot(copy)).isEqualTo(snapshots.get(until));
        assertThat(r.entriesApplied()).isPositive();
        assertThat(progress).isNotEmpty();
    }

    @Test
    void logDiffAndStats_describeTheHistory() throws Exception {
        CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
        cage.write(ch, 0, new byte[100]);
        cage.write(ch, 50, new byte[10]);
        cage.truncate(ch, 20);
        cage.close(ch);
        // A close changes no bytes, so it is journaled without holding up the client: wait for it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> journal.list("f", null, null).stream().anyMatch(e -> e.op().equals("CLOSE")));
        List<JournalEntryInfo> log = journal.list("f", null, null);
        assertThat(log).extracting(JournalEntryInfo::op).contains("CREATE", "OPEN", "WRITE", "TRUNCATE", "CLOSE");
        assertThat(log).filteredOn(e -> e.op().equals("WRITE")).extracting(JournalEntryInfo::offset, JournalEntryInfo::length)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 100L), org.assertj.core.groups.Tuple.tuple(50L, 10L));
        CageJournal.Summary st = journal.stats();
        assertThat(st.fileEntries()).isGreaterThanOrEqualTo(3);
        assertThat(st.blobBytes()).isGreaterThanOrEqualTo(110);
        assertThat(st.newest()).isNotNull();
    }

    @Test
    void userWithoutTheAdminRole_isDenied() throws Exception {
        UserStore.open(tmp.resolve("data")).put("bob", "bob-secret".toCharArray());
        node.stop();
        node.restart();
        try (Cage bob = Cage.builder().server("s", new ServerSpec("127.0.0.1", node.port(), "bob", "bob-secret")).build()) {
            assertThatThrownBy(() -> bob.journal("s").stats()).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("admin role");
        }
    }

    static void materialize(TreeMap<String, String> tree, Path dir) throws Exception {
        for (var e : tree.entrySet()) {
            Path p = dir.resolve(e.getKey());
            if (e.getValue().equals("<dir>")) {
                Files.createDirectories(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.write(p, Base64.getDecoder().decode(e.getValue()));
            }
        }
    }

}
