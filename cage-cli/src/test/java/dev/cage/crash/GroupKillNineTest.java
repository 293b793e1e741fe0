package dev.cage.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import dev.cage.client.ServerSpec;
import dev.cage.client.TxId;
import dev.cage.protocol.CageException;
import dev.cage.protocol.GroupInfo;
import dev.cage.protocol.OpenMode;
import dev.cage.server.UserStore;
import dev.cage.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a group of three nodes, each in its own child JVM; writers append records through one client that knows
 * the group, and the test kills the leader with SIGKILL again and again. After each kill a new leader serves (the
 * time from the kill to the first acknowledged write is recorded), the killed member starts again and catches up;
 * at the end every acknowledged record is in place on every member, no member holds a byte that was never written,
 * and the three trees are byte-identical. A fourth writer commits transactions that write the same record to two files;
 * every member must end with both files equal (no commit half applied) and no older than the last acknowledged one.
 *
 * <p>With a witness (the third member votes and keeps the log, no files): the same kills, the members with files end
 * byte-identical with every acknowledged record, and the witness's tree stays empty.
 *
 * <p>With two spares (two more child JVMs started with {@code --join} and added by the leader): the leader is
 * killed and stays down, and the new leader promotes a spare in its place; then again. The group ends with one of
 * its founding voters and two promoted spares, still acknowledging writes, and loses none of them.
 *
 * <p>{@code -Dcage.group.kills=N} sets the number of kills (default 4); the summary goes to {@code target/crash/}.
 */
@Tag("slow")
class GroupKillNineTest {
    private static final int KILLS = Integer.getInteger("cage.group.kills", 4);
    private static final int MEMBERS = 3;
    /** Spares of the group in the spare case: as many leaders are killed, each replaced by one of them. */
    private static final int SPARES = 2;
    private static final int WRITERS = 3;
    private static final int RECORD = 4096;
    private static final String SECRET = "group-kill-secret-0123456789";
    /** Records acknowledged between one failover and the next kill. */
    private static final int ACKS_PER_ROUND = 60;

    private final List<NodeProcess> members = new ArrayList<>();
    /** The record writers, the one-phase transactional writer and the two-phase one. */
    private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
    /** Per writer: the highest record acknowledged (-1: none). */
    private final AtomicLongArray acked = new AtomicLongArray(WRITERS);
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    /** The transactional writer: the last round it committed (-1: none), and commits whose outcome was unknown. */
    private final AtomicLong txCommitted = new AtomicLong(-1);
    private final AtomicLong txUnknown = new AtomicLong();
    /** The two-phase writer's (when it runs): its last acknowledged commit, and its failures resolved by recover. */
    private final AtomicLong xaCommitted = new AtomicLong(-1);
    private final AtomicLong xaInDoubt = new AtomicLong();
    /** Of those, branches found prepared and committed (the commit had failed), or rolled back (the prepare had). */
    private final AtomicLong xaCommittedOnRecover = new AtomicLong();
    private final AtomicLong xaRolledBackOnRecover = new AtomicLong();
    private boolean twoPhase;
    private volatile boolean stop;
    private int[] ports;

    @AfterEach
    void cleanUp() {
        stop = true;
        pool.shutdownNow();
        members.forEach(NodeProcess::close);
    }

    @Test
    void sigkillOfTheLeader_losesNoAcknowledgedWrite_andMembersEndByteIdentical() throws Throwable {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(180 + 30L * KILLS), () -> killAndVerify(false));
    }

    @Test
    void sigkillOfTheLeader_withAWitness_losesNoAcknowledgedWrite_andTheWitnessHoldsNoFiles() throws Throwable {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(180 + 30L * KILLS), () -> killAndVerify(true));
    }

    @Test
    void sigkillOfTwoLeadersInTurn_withTwoSpares_promotesOneEachTime_andLosesNoAcknowledgedWrite() throws Throwable {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(300), this::killWithSpareAndVerify);
    }

    /** Prepares {@code count} members' directories, logs and ports; returns the founding members' --members list. */
    private List<String> prepare(Path out, Path work, int count) throws IOException {
        ports = new int[count];
        List<String> spec = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports[i] = FreePorts.blockApartFrom(3, Arrays.stream(ports, 0, i));
            Path data = work.resolve("m" + i).resolve("data");
            UserStore.open(data).put("admin", SECRET.toCharArray(), true);
            NodeProcess n = new NodeProcess(Files.createDirectories(work.resolve("m" + i).resolve("root")), data,
                ports[i], 1, out.resolve(work.getFileName() + "-m" + i + ".log"));
            n.useSecret(SECRET);
            members.add(n);
            if (i < MEMBERS) {
                spec.add(address(i));
            }
        }
        return spec;
    }

    /** Waits until member {@code i}'s Raft port takes connections (its Raft server has started). */
    private void awaitRaftPortOpen(int i) {
        await("member m" + i + "'s Raft port open").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptions().until(() -> {
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", raftPort(i))) {
                    return true;
                }
            });
    }

    /** Member {@code i} as --members and {@code cage group add} take it. */
    private String address(int i) {
        return "m" + i + "=127.0.0.1:" + ports[i] + ":" + raftPort(i);
    }

    /** Member {@code i}'s Raft port: after its main port and its one data port. */
    private int raftPort(int i) {
        return ports[i] + 2;
    }

    /**
     * With a witness, the last member is one: it votes and keeps the log but no files, and the leader killed is always
     * one of the two others (the witness never serves), so each kill leaves the group a member with files and the
     * witness, which may have to bring that member up to date first.
     */
    private void killAndVerify(boolean withWitness) throws Exception {
        Path out = Files.createDirectories(Path.of("target", "crash").toAbsolutePath());
        Path work = Files.createTempDirectory(out, withWitness ? "group-witness-" : "group-");
        List<String> spec = prepare(out, work, MEMBERS);
        if (withWitness) {
            spec.set(MEMBERS - 1, spec.get(MEMBERS - 1) + ":witness");
        }
        List<String> report = new ArrayList<>();
        List<Long> failoverMillis = new ArrayList<>();
        List<String> groupArgs = List.of("--group", "kill-test", "--members", String.join(",", spec));
        for (int i = 0; i < MEMBERS; i++) {
            start(i, groupArgs);
        }
        leader(); // the group has formed: a login is not cut short by its first election
        try (Cage cage = Cage.builder().name("group-writer").pageCount(0).responseTimeout(Duration.ofSeconds(30))
            .server("g", groupSpec()).build()) {
            List<CageChannel> files = openWriterFiles(cage);
            List<Future<?>> writers = startWriters(cage, files);
            CageChannel txX = cage.open("g", "tx-x.bin", OpenMode.EXCLUSIVE, true);
            CageChannel txY = cage.open("g", "tx-y.bin", OpenMode.EXCLUSIVE, true);
            writers.add(pool.submit(() -> commitPairs(cage, txX, txY)));
            CageChannel xaX = cage.open("g", "xa-x.bin", OpenMode.EXCLUSIVE, true);
            CageChannel xaY = cage.open("g", "xa-y.bin", OpenMode.EXCLUSIVE, true);
            twoPhase = true;
            writers.add(pool.submit(() -> prepareAndCommitPairs(cage, xaX, xaY)));
            for (int round = 1; round <= KILLS; round++) {
                awaitAcks(acks.get() + ACKS_PER_ROUND, writers);
                int leader = leader();
                awaitMembersCaughtUp(leader);
                long atKill = acks.get();
                long killedAt = System.nanoTime();
                java.time.Instant killedWhen = java.time.Instant.now(); // to match the members' logs
                members.get(leader).kill();
                awaitAcks(atKill + 1, writers);
                long failover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                failoverMillis.add(failover);
                start(leader, groupArgs); // back as a follower; it catches up from the new leader's log
                report.add(String.format("kill %2d at %s: leader m%d killed after %d acks; first acknowledged write on"
                    + " the new leader %d ms after the kill", round, killedWhen, leader, atKill, failover));
            }
            stop = true;
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (CageChannel ch : files) {
                cage.close(ch);
            }
            cage.close(txX);
            cage.close(txY);
        }
        List<Integer> withFiles = withWitness ? List.of(0, 1) : List.of(0, 1, 2);
        report.add(verifyJournals(work, withFiles));
        verifyMembers(work, withFiles);
        if (withWitness) {
            try (var witnessTree = Files.list(work.resolve("m" + (MEMBERS - 1)).resolve("root"))) {
                assertThat(witnessTree.toList()).as("the witness's tree").isEmpty();
            }
            report.add("m" + (MEMBERS - 1) + " was a witness: its tree is empty; m0 and m1 end byte-identical");
        }
        List<Long> sorted = failoverMillis.stream().sorted().toList();
        report.add(String.format("%d kills, %d records acknowledged, %d writes repeated after a failover; %d transactions"
                + " committed (%d with an unknown outcome), %d two-phase (%d failed; of those, branches found prepared"
                + " through recover: %d committed, %d rolled back); failover p50 %d ms, max %d ms (all: %s)", KILLS,
            acks.get(), retried.get(), txCommitted.get() + 1, txUnknown.get(), xaCommitted.get() + 1, xaInDoubt.get(),
            xaCommittedOnRecover.get(), xaRolledBackOnRecover.get(), sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() - 1), failoverMillis));
        report.forEach(System.out::println);
        Files.write(out.resolve(work.getFileName() + "-summary.txt"), report, StandardCharsets.UTF_8);
    }

    private void killWithSpareAndVerify() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "crash").toAbsolutePath());
        Path work = Files.createTempDirectory(out, "group-spare-");
        List<String> spec = prepare(out, work, MEMBERS + SPARES);
        List<String> founders = List.of("--group", "kill-test", "--members", String.join(",", spec),
            "--promote-spares-after", "4s");
        for (int i = 0; i < MEMBERS; i++) {
            start(i, founders);
        }
        leader(); // the group has formed: a login is not cut short by its first election
        List<String> report = new ArrayList<>();
        List<Integer> survivors;
        try (Cage cage = Cage.builder().name("group-writer").pageCount(0).responseTimeout(Duration.ofSeconds(30))
            .server("g", groupSpec()).build()) {
            for (int spare = MEMBERS; spare < MEMBERS + SPARES; spare++) {
                start(spare, List.of("--group", "kill-test", "--members", address(spare), "--join",
                    "--promote-spares-after", "4s"));
                awaitRaftPortOpen(spare); // a member is added once it runs: the leader must reach it to stage it
                cage.admin("g").addMember("m" + spare, address(spare).substring(address(spare).indexOf('=') + 1), true);
            }
            List<CageChannel> files = openWriterFiles(cage);
            List<Future<?>> writers = startWriters(cage, files);
            CageChannel txX = cage.open("g", "tx-x.bin", OpenMode.EXCLUSIVE, true);
            CageChannel txY = cage.open("g", "tx-y.bin", OpenMode.EXCLUSIVE, true);
            writers.add(pool.submit(() -> commitPairs(cage, txX, txY)));
            List<Integer> killed = new ArrayList<>();
            for (int round = 1; round <= SPARES; round++) {
                awaitAcks(acks.get() + ACKS_PER_ROUND, writers);
                int leader = leader();
                long atKill = acks.get();
                long killedAt = System.nanoTime();
                members.get(leader).kill();
                killed.add(leader);
                awaitAcks(atKill + 1, writers);
                long failover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                String[] promotedId = {null};
                await("a spare voting in place of m" + leader).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> cage.admin("g").group().members(), ms -> {
                        List<GroupInfo.Member> voters = ms.stream().filter(m -> !m.role().equals(GroupInfo.SPARE)).toList();
                        promotedId[0] = voters.stream().map(GroupInfo.Member::id)
                            .filter(id -> Integer.parseInt(id.substring(1)) >= MEMBERS).reduce((a, b) -> b).orElse(null);
                        return voters.size() == MEMBERS && voters.stream().noneMatch(m -> m.id().equals("m" + leader));
                    });
                String promoted = promotedId[0];
                long promotedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                report.add(String.format("kill %d: leader m%d killed after %d acks; first acknowledged write %d ms"
                    + " after the kill; spare %s voting in its place %d ms after the kill", round, leader, atKill,
                    failover, promoted, promotedMillis));
            }
            stop = true;
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (CageChannel ch : files) {
                cage.close(ch);
            }
            cage.close(txX);
            cage.close(txY);
            GroupInfo g = cage.admin("g").group();
            report.add("group at the end: " + g.members().stream().map(m -> m.id() + " " + m.role()).toList()
                + "; " + acks.get() + " records and " + (txCommitted.get() + 1) + " transactions acknowledged");
            assertThat(g.members()).filteredOn(m -> !m.role().equals(GroupInfo.SPARE)).hasSize(MEMBERS)
                .extracting(GroupInfo.Member::id).doesNotContainAnyElementsOf(killed.stream().map(i -> "m" + i).toList());
            // Every member of the group at the end: a member a loaded machine left silent too long may have been
            // replaced too, and it gets no changes since.
            survivors = g.members().stream().map(m -> Integer.parseInt(m.id().substring(1))).toList();
        }
        verifyMembers(work, survivors);
        report.forEach(System.out::println);
        Files.write(out.resolve(work.getFileName() + "-summary.txt"), report, StandardCharsets.UTF_8);
    }

    @Test
    void sigstopOfTheLeader_theOthersGoOn_andTheOldLeaderAcknowledgesNothingAfterwards() throws Throwable {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(180), this::pauseAndVerify);
    }

    /**
     * Freezes the leader with SIGSTOP under load: the other two elect a new leader and go on acknowledging. A client
     * that knows only the frozen member has a write in flight to it; when the member is resumed it is a minority of
     * one with an old term, so that write is not acknowledged and reaches no member, and the group heals byte-identical.
     */
    private void pauseAndVerify() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "crash").toAbsolutePath());
        Path work = Files.createTempDirectory(out, "group-pause-");
        List<String> spec = prepare(out, work, MEMBERS);
        List<String> groupArgs = List.of("--group", "kill-test", "--members", String.join(",", spec));
        for (int i = 0; i < MEMBERS; i++) {
            start(i, groupArgs);
        }
        leader(); // the group has formed: a login is not cut short by its first election
        ExecutorService lateWrites = Executors.newSingleThreadExecutor();
        // A frozen member keeps its connections open and answers nothing: the writers hear of it by their timeout.
        try (Cage cage = Cage.builder().name("group-writer").pageCount(0).responseTimeout(Duration.ofSeconds(4))
            .server("g", groupSpec()).build()) {
            List<CageChannel> files = openWriterFiles(cage);
            List<Future<?>> writers = startWriters(cage, files);
            awaitAcks(ACKS_PER_ROUND, writers);
            int leader = -1;
            Cage lone = null;
            CageChannel ch = null;
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); ch == null; ) {
                leader = leader(); // it may still change just after the group formed: open where it is, then
                lone = Cage.builder().name("lone").pageCount(0).responseTimeout(Duration.ofSeconds(15))
                    .server("m", new ServerSpec("127.0.0.1", ports[leader], "admin", SECRET).alone()).build();
                try {
                    ch = lone.open("m", "lone.bin", OpenMode.EXCLUSIVE, true);
                } catch (dev.cage.protocol.NotLeaderException moved) {
                    lone.close();
                    assertThat(System.nanoTime()).as("a stable leader within 30 s").isLessThan(deadline);
                }
            }
            try (Cage loneClient = lone) {
                CageChannel written = ch;
                loneClient.write(written, 0, record(7, 0));
                members.get(leader).pause();
                long pausedAt = System.nanoTime();
                long atPause = acks.get();
                Future<?> late = lateWrites.submit(() -> {
                    loneClient.write(written, RECORD, record(7, 1)); // sits in the frozen member's socket
                    return null;
                });
                awaitAcks(atPause + 1, writers); // the other two elected a leader and go on
                String failover = String.format("leader m%d frozen: first write acknowledged by the others %d ms"
                    + " after the freeze", leader, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt));
                System.out.println(failover);
                Files.writeString(out.resolve(work.getFileName() + "-summary.txt"), failover + "\n");
                awaitAcks(atPause + ACKS_PER_ROUND, writers);
                members.get(leader).resume();
                assertThatThrownBy(() -> late.get(60, TimeUnit.SECONDS))
                    .as("a write to the old leader after it lost the lead").isInstanceOf(ExecutionException.class);
            }
            awaitAcks(acks.get() + ACKS_PER_ROUND, writers); // and all three go on together
            stop = true;
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            lateWrites.shutdownNow();
        }
        awaitIdenticalMembers(work, List.of(0, 1, 2));
        for (int i = 0; i < MEMBERS; i++) {
            Path root = work.resolve("m" + i).resolve("root");
            assertThat(Files.readAllBytes(root.resolve("lone.bin"))).as("member m%d: only the acknowledged write", i)
                .isEqualTo(record(7, 0));
            for (int w = 0; w < WRITERS; w++) {
                verify(root.resolve("w" + w + ".bin"), w, "member m" + i);
            }
        }
    }

    /**
     * Stops every member cleanly and compares their journals: the members with files each journaled the same changes
     * in the same order (whatever they journaled of their own sessions aside), but for the entries a killed member
     * applied once more after its restart (see {@link JournalContent#withoutRepeats}); how many is reported.
     */
    private String verifyJournals(Path work, List<Integer> withFiles) throws Exception {
        awaitIdenticalMembers(work, withFiles); // every member has applied everything
        for (NodeProcess m : members) {
            if (m.isAlive()) {
                m.stop();
            }
        }
        java.util.Map<Integer, List<String>> journals = new java.util.TreeMap<>();
        for (int i : withFiles) {
            journals.put(i, JournalContent.of(work.resolve("m" + i).resolve("data")));
        }
        int first = withFiles.get(0);
        List<String> changes = journals.get(first);
        assertThat(changes).as("m%d's journal", first).hasSizeGreaterThan(acks.intValue());
        // Exactly the same: a member killed between journaling a change and recording its applied index resumes
        // after the change its journal holds, so it journals nothing twice (a write the client repeated after a
        // failover is in the log twice, and so in every member's journal twice).
        journals.forEach((i, journal) -> assertThat(journal).as("m%d's journal against m%d's", i, first)
            .isEqualTo(changes));
        return String.format("journals: %d changes on each member with files, the same in the same order",
            changes.size());
    }

    /** The members' trees end byte-identical, each with every acknowledged record and both transaction files equal. */
    private void verifyMembers(Path work, List<Integer> which) throws IOException {
        awaitIdenticalMembers(work, which);
        for (int i : which) {
            Path root = work.resolve("m" + i).resolve("root");
            for (int w = 0; w < WRITERS; w++) {
                verify(root.resolve("w" + w + ".bin"), w, "member m" + i);
            }
            verifyPair(root, "member m" + i, "tx", 9, txCommitted.get());
            if (twoPhase) {
                verifyPair(root, "member m" + i, "xa", 8, xaCommitted.get());
            }
        }
    }

    /** Each writer's file, opened (created) through the group. */
    private List<CageChannel> openWriterFiles(Cage cage) throws CageException {
        List<CageChannel> files = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            files.add(cage.open("g", "w" + w + ".bin", OpenMode.EXCLUSIVE, true));
            acked.set(w, -1);
        }
        return files;
    }

    /** Starts the writers, each appending records to its file until {@link #stop}. */
    private List<Future<?>> startWriters(Cage cage, List<CageChannel> files) {
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int id = w;
            writers.add(pool.submit(() -> write(cage, files.get(id), id)));
        }
        return writers;
    }

    private void start(int i, List<String> groupArgs) throws IOException {
        List<String> args = new ArrayList<>(groupArgs);
        args.addAll(List.of("--member", "m" + i));
        members.get(i).start(args);
    }

    /**
     * Appends records to its file, each at its own offset; a write whose outcome the failover left unknown is
     * repeated (the same bytes at the same offset) until acknowledged.
     */
    private Void write(Cage cage, CageChannel ch, int writer) throws InterruptedException {
        for (long k = 0; !stop; k++) {
            while (true) {
                try {
                    cage.write(ch, k * RECORD, record(writer, k));
                    break;
                } catch (CageException e) {
                    retried.incrementAndGet();
                    if (stop) {
                        return null;
                    }
                }
            }
            acked.set(writer, k);
            acks.incrementAndGet();
        }
        return null;
    }

    /**
     * Commits round k as one transaction writing record k to both files; a commit that fails is tried again as a new
     * transaction (its outcome may be unknown, never half applied).
     */
    private Void commitPairs(Cage cage, CageChannel x, CageChannel y) {
        for (long k = 0; !stop; k++) {
            while (!stop) {
                CageTransaction tx = cage.beginTransaction();
                try {
                    tx.write(x, 0, record(9, k));
                    tx.write(y, 0, record(9, k));
                    tx.commit();
                    txCommitted.set(k);
                    break;
                } catch (CageException e) {
                    txUnknown.incrementAndGet();
                    try {
                        tx.rollback();
                    } catch (CageException alreadyOver) {
                        // the failed commit ended it
                    }
                }
            }
        }
        return null;
    }

    /**
     * Two-phase commits of a pair of files: prepare under an id of its own, then commit. When either phase fails (the
     * leader died), it does what a transaction manager does with an in-doubt branch: asks the group which branches
     * are prepared (recover) and commits its branch if it had been prepared, or rolls it back if the prepare failed,
     * so no branch is left holding the files' locks. A branch that is no longer listed was committed (after a
     * prepare) or never prepared.
     */
    private Void prepareAndCommitPairs(Cage cage, CageChannel x, CageChannel y) {
        for (long k = 0; !stop; k++) {
            while (!stop) {
                CageTransaction tx = cage.beginTransaction();
                TxId id = TxId.random();
                boolean prepared = false;
                try {
                    tx.write(x, 0, record(8, k));
                    tx.write(y, 0, record(8, k));
                    tx.prepare(id);
                    prepared = true;
                    tx.commit();
                    xaCommitted.set(k);
                    break;
                } catch (CageException e) {
                    xaInDoubt.incrementAndGet();
                    if (resolveInDoubt(cage, id, prepared)) {
                        xaCommitted.set(k);
                        break;
                    }
                }
            }
        }
        return null;
    }

    /** Ends branch {@code id} as a transaction manager would after a failure; whether it ended committed. */
    private boolean resolveInDoubt(Cage cage, TxId id, boolean prepared) {
        return await("branch " + id + " resolved").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptionsInstanceOf(CageException.class).until(() -> {
                if (cage.recover("g").contains(id)) {
                    if (prepared) {
                        cage.commitPrepared("g", id);
                        xaCommittedOnRecover.incrementAndGet();
                    } else {
                        cage.rollbackPrepared("g", id);
                        xaRolledBackOnRecover.incrementAndGet();
                    }
                }
                return Boolean.valueOf(prepared);
            }, done -> true);
    }

    /**
     * Both files of a transactional writer hold the same record, and one at least as new as its last acknowledged
     * commit: none half applied, none lost.
     */
    private void verifyPair(Path root, String where, String prefix, int writer, long last) throws IOException {
        byte[] x = Files.readAllBytes(root.resolve(prefix + "-x.bin"));
        byte[] y = Files.readAllBytes(root.resolve(prefix + "-y.bin"));
        assertThat(x).as("%s: both files of each %s transaction", where, prefix).isEqualTo(y);
        if (last < 0) {
            return;
        }
        for (long k = last; k <= last + 1; k++) {
            if (Arrays.equals(x, record(writer, k))) {
                return;
            }
        }
        throw new AssertionError(where + ": the " + prefix + " transaction files hold neither the last acknowledged"
            + " commit (" + last + ") nor the one after it");
    }

    private void awaitAcks(long atLeast, List<Future<?>> writers) {
        await("at least " + atLeast + " writes acknowledged").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(10)).until(() -> {
                for (Future<?> f : writers) {
                    if (f.isDone()) {
                        f.get(); // a writer that died says why
                    }
                }
                return acks.get() >= atLeast;
            });
    }

    /** The member serving as the leader now: the one that answers a request instead of naming another. */
    private int leader() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < ports.length; i++) {
                try (Cage probe = probe(i, Duration.ofSeconds(2))) {
                    probe.stat("m", "");
                    return i;
                } catch (CageException notLeaderOrDown) {
                    // try the next member
                }
            }
        }
        throw new AssertionError("no member served as the leader within 30 s");
    }

    /**
     * Waits (bounded) until every member has the log as far as the leader had applied when this began: the member
     * killed the round before is back and has caught up, so the next kill is the loss of one member of a whole group.
     * (Killed sooner, while that member was still starting, the two left had no majority until it ran: failovers of
     * 4-7 s that measured its restart, not an election.)
     */
    private void awaitMembersCaughtUp(int leader) throws Exception {
        try (Cage probe = probe(leader, Duration.ofSeconds(5))) {
            long target = probe.admin("m").group().lastApplied();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                probe.admin("m").group().members().stream().allMatch(m -> m.commitIndex() >= target));
        }
    }

    /** A client of member {@code i} alone (server name "m"), as the admin, caching nothing. */
    private Cage probe(int i, Duration timeout) throws CageException {
        return Cage.builder().name("probe").pageCount(0).responseTimeout(timeout)
            .server("m", new ServerSpec("127.0.0.1", ports[i], "admin", SECRET).alone()).build(); // member i itself
    }

    /** Waits (bounded) until the members' roots hold the same files with the same bytes. */
    private void awaitIdenticalMembers(Path work, List<Integer> which) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<String> all = new ArrayList<>();
            for (int i : which) {
                all.add(digest(work.resolve("m" + i).resolve("root")));
            }
            assertThat(new java.util.HashSet<>(all)).as("the members' trees (followers apply what the leader"
                + " committed): %s", all).hasSize(1);
        });
    }

    private static String digest(Path root) throws IOException {
        List<String> parts = new ArrayList<>();
        try (var files = Files.list(root)) {
            for (Path p : files.sorted().toList()) {
                parts.add(p.getFileName() + "=" + Arrays.hashCode(Files.readAllBytes(p)) + "/" + Files.size(p));
            }
        }
        return parts.stream().collect(Collectors.joining(","));
    }

    /** Every acknowledged record in place; beyond them only whole records the writer sent (a repeat in flight). */
    private void verify(Path file, int writer, String where) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long last = acked.get(writer);
        assertThat((long) bytes.length).as("%s: %s holds records 0..%d", where, file.getFileName(), last)
            .isGreaterThanOrEqualTo((last + 1) * RECORD);
        assertThat(bytes.length % RECORD).as("%s: %s ends on a record", where, file.getFileName()).isZero();
        for (long k = 0; k < bytes.length / RECORD; k++) {
            byte[] expected = record(writer, k);
            byte[] actual = Arrays.copyOfRange(bytes, (int) (k * RECORD), (int) ((k + 1) * RECORD));
            if (!Arrays.equals(expected, actual)) {
                throw new AssertionError(where + ": record " + k + " of " + file.getFileName() + " is not what writer "
                    + writer + " wrote (acknowledged up to " + last + ")");
            }
        }
    }

    private static byte[] record(int writer, long k) {
        byte[] b = new byte[RECORD];
        java.util.SplittableRandom r = new java.util.SplittableRandom(writer * 1_000_003L + k);
        for (int i = 0; i < RECORD; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    private ServerSpec groupSpec() {
        List<String> others = new ArrayList<>();
        for (int i = 1; i < ports.length; i++) {
            others.add("127.0.0.1:" + ports[i]);
        }
        return new ServerSpec("127.0.0.1", ports[0], "admin", SECRET).withGroup(others);
    }
}
