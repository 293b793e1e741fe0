package dev.cage.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.CageException;
import dev.cage.protocol.GroupInfo;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import dev.cage.server.UserStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <p>With a spare (a fourth child JVM started with {@code --join} and added by the leader): each killed leader stays
 * down until the leader has promoted the spare in its place; then it comes back and is added again as the next
 * spare. Two leaders are killed this way, so the group ends with none of the voters it was founded with but one,
 * still acknowledging writes, and loses none of them.
 *
 * <p>{@code -Dcage.group.kills=N} sets the number of kills (default 4); the summary goes to {@code target/crash/}.
 */
@Tag("slow")
class GroupKillNineTest {
    private static final int KILLS = Integer.getInteger("cage.group.kills", 4);
    private static final int MEMBERS = 3;
    private static final int WRITERS = 3;
    private static final int RECORD = 4096;
    private static final String SECRET = "group-kill-secret-0123456789";
    /** Records acknowledged between one failover and the next kill. */
    private static final int ACKS_PER_ROUND = 60;

    private final List<NodeProcess> members = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
    /** Per writer: the highest record acknowledged (-1: none). */
    private final AtomicLongArray acked = new AtomicLongArray(WRITERS);
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    /** The transactional writer: the last round it committed (-1: none), and commits whose outcome was unknown. */
    private final AtomicLong txCommitted = new AtomicLong(-1);
    private final AtomicLong txUnknown = new AtomicLong();
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
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(180 + 30L * KILLS), this::killAndVerify);
    }

    @Test
    void sigkillOfTwoLeadersInTurn_withASpare_promotesTheSpareEachTime_andLosesNoAcknowledgedWrite() throws Throwable {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(300), this::killWithSpareAndVerify);
    }

    /** Prepares {@code count} members' directories, logs and ports; returns the founding members' --members list. */
    private List<String> prepare(Path out, Path work, int count) throws IOException {
        ports = new int[count];
        List<String> spec = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports[i] = freeBlockApartFrom(ports, i);
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

    /** Member {@code i} as --members and {@code cage group add} take it. */
    private String address(int i) {
        return "m" + i + "=127.0.0.1:" + ports[i] + ":" + (ports[i] + 2);
    }

    private void killAndVerify() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "crash").toAbsolutePath());
        Path work = Files.createTempDirectory(out, "group-");
        List<String> spec = prepare(out, work, MEMBERS);
        List<String> report = new ArrayList<>();
        List<Long> failoverMillis = new ArrayList<>();
        List<String> groupArgs = List.of("--group", "kill-test", "--members", String.join(",", spec));
        for (int i = 0; i < MEMBERS; i++) {
            start(i, groupArgs);
        }
        try (Cage cage = Cage.builder().name("group-writer").pageCount(0).responseTimeout(Duration.ofSeconds(30))
            .server("g", groupSpec()).build()) {
            List<CageChannel> files = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                files.add(cage.open("g", "w" + w + ".bin", OpenMode.EXCLUSIVE, true));
                acked.set(w, -1);
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                writers.add(pool.submit(() -> write(cage, files.get(id), id)));
            }
            CageChannel txX = cage.open("g", "tx-x.bin", OpenMode.EXCLUSIVE, true);
            CageChannel txY = cage.open("g", "tx-y.bin", OpenMode.EXCLUSIVE, true);
            writers.add(pool.submit(() -> commitPairs(cage, txX, txY)));
            for (int round = 1; round <= KILLS; round++) {
                awaitAcks(acks.get() + ACKS_PER_ROUND, writers);
                int leader = leader();
                long atKill = acks.get();
                long killedAt = System.nanoTime();
                members.get(leader).kill();
                awaitAcks(atKill + 1, writers);
                long failover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                failoverMillis.add(failover);
                start(leader, groupArgs); // back as a follower; it catches up from the new leader's log
                report.add(String.format("kill %2d: leader m%d killed after %d acks; first acknowledged write on the"
                    + " new leader %d ms after the kill", round, leader, atKill, failover));
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
        verifyMembers(work, List.of(0, 1, 2));
        List<Long> sorted = failoverMillis.stream().sorted().toList();
        report.add(String.format("%d kills, %d records acknowledged, %d writes repeated after a failover; %d transactions"
                + " committed (%d with an unknown outcome); failover p50 %d ms, max %d ms (all: %s)", KILLS, acks.get(),
            retried.get(), txCommitted.get() + 1, txUnknown.get(), sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() - 1), failoverMillis));
        report.forEach(System.out::println);
        Files.write(out.resolve(work.getFileName() + "-summary.txt"), report, StandardCharsets.UTF_8);
    }

    private void killWithSpareAndVerify() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "crash").toAbsolutePath());
        Path work = Files.createTempDirectory(out, "group-spare-");
        List<String> spec = prepare(out, work, MEMBERS + 1);
        List<String> founders = List.of("--group", "kill-test", "--members", String.join(",", spec),
            "--promote-spares-after", "2s");
        for (int i = 0; i < MEMBERS; i++) {
            start(i, founders);
        }
        List<String> report = new ArrayList<>();
        try (Cage cage = Cage.builder().name("group-writer").pageCount(0).responseTimeout(Duration.ofSeconds(30))
            .server("g", groupSpec()).build()) {
            int spare = MEMBERS;
            start(spare, List.of("--group", "kill-test", "--members", address(spare), "--join",
                "--promote-spares-after", "2s"));
            cage.admin("g").addMember("m" + spare, address(spare).substring(address(spare).indexOf('=') + 1), true);
            List<CageChannel> files = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                files.add(cage.open("g", "w" + w + ".bin", OpenMode.EXCLUSIVE, true));
                acked.set(w, -1);
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                writers.add(pool.submit(() -> write(cage, files.get(id), id)));
            }
            CageChannel txX = cage.open("g", "tx-x.bin", OpenMode.EXCLUSIVE, true);
            CageChannel txY = cage.open("g", "tx-y.bin", OpenMode.EXCLUSIVE, true);
            writers.add(pool.submit(() -> commitPairs(cage, txX, txY)));
            for (int round = 1; round <= 2; round++) {
                awaitAcks(acks.get() + ACKS_PER_ROUND, writers);
                int leader = leader();
                long atKill = acks.get();
                long killedAt = System.nanoTime();
                members.get(leader).kill();
                awaitAcks(atKill + 1, writers);
                long failover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                int promoted = spare;
                await("spare m" + promoted + " promoted in place of m" + leader).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> cage.admin("g").group().members(),
                        ms -> ms.stream().anyMatch(m -> m.id().equals("m" + promoted) && m.role().equals(GroupInfo.FOLLOWER))
                            && ms.stream().noneMatch(m -> m.id().equals("m" + leader)));
                long promotedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                report.add(String.format("kill %d: leader m%d killed after %d acks; first acknowledged write %d ms"
                    + " after the kill; spare m%d voting in its place %d ms after the kill", round, leader, atKill,
                    failover, promoted, promotedMillis));
                // The lost voter comes back outside the group; added again as a spare, it catches up from the log.
                start(leader, founders);
                cage.admin("g").addMember("m" + leader, address(leader).substring(address(leader).indexOf('=') + 1), true);
                spare = leader;
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
            assertThat(g.members()).extracting(GroupInfo.Member::role).filteredOn(GroupInfo.SPARE::equals).hasSize(1);
        }
        List<Integer> all = java.util.stream.IntStream.range(0, MEMBERS + 1).boxed().toList();
        verifyMembers(work, all);
        report.forEach(System.out::println);
        Files.write(out.resolve(work.getFileName() + "-summary.txt"), report, StandardCharsets.UTF_8);
    }

    /** The members' trees end byte-identical, each with every acknowledged record and both transaction files equal. */
    private void verifyMembers(Path work, List<Integer> which) throws IOException {
        awaitIdenticalMembers(work, which);
        for (int i : which) {
            Path root = work.resolve("m" + i).resolve("root");
            for (int w = 0; w < WRITERS; w++) {
                verify(root.resolve("w" + w + ".bin"), w, "member m" + i);
            }
            verifyPair(root, "member m" + i);
        }
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

    /** Both files hold the same record, and one at least as new as the last acknowledged commit: none half applied. */
    private void verifyPair(Path root, String where) throws IOException {
        byte[] x = Files.readAllBytes(root.resolve("tx-x.bin"));
        byte[] y = Files.readAllBytes(root.resolve("tx-y.bin"));
        assertThat(x).as("%s: both files of each transaction", where).isEqualTo(y);
        long last = txCommitted.get();
        if (last < 0) {
            return;
        }
        for (long k = last; k <= last + 1; k++) {
            if (Arrays.equals(x, record(9, k))) {
                return;
            }
        }
        throw new AssertionError(where + ": the transaction files hold neither the last acknowledged commit (" + last
            + ") nor the one after it");
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
                try (Cage probe = Cage.builder().name("probe").pageCount(0).responseTimeout(Duration.ofSeconds(2))
                    .server("m", new ServerSpec("127.0.0.1", ports[i], "admin", SECRET)).build()) {
                    probe.stat("m", "");
                    return i;
                } catch (CageException notLeaderOrDown) {
                    // try the next member
                }
            }
        }
        throw new AssertionError("no member served as the leader within 30 s");
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

    private static int freeBlockApartFrom(int[] taken, int count) throws IOException {
        while (true) {
            int first = TestNode.freePortBlock(3);
            if (Arrays.stream(taken, 0, count).noneMatch(p -> Math.abs(p - first) < 3)) {
                return first;
            }
        }
    }
}
