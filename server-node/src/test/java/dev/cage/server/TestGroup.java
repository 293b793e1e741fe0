package dev.cage.server;

import static org.awaitility.Awaitility.await;

import dev.cage.client.ServerSpec;
import dev.cage.server.group.GroupConfig;
import dev.cage.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A replicated group of real nodes in this JVM on 127.0.0.1, each with its own root, data directory and ports (main,
 * one data port, Raft), all with the same {@code admin} secret. A member can be stopped and started again on the
 * same ports and directories.
 */
public final class TestGroup implements AutoCloseable {
    public static final String SECRET = "group-test-secret-0123456789";

    private final Path base;
    private final List<GroupConfig.Member> members = new ArrayList<>();
    private final int founders;
    private final List<CageNode> nodes = new ArrayList<>();
    private final long snapshotEvery;
    private final Duration promoteSparesAfter;
    /** The founding member that is a witness (log only, no files), or -1. */
    private final int witness;

    private TestGroup(Path base, int size, long snapshotEvery, Duration promoteSparesAfter, int witness)
        throws IOException {
        this.base = base;
        this.witness = witness;
        this.snapshotEvery = snapshotEvery;
        this.promoteSparesAfter = promoteSparesAfter;
        this.founders = size;
        for (int i = 0; i < size; i++) {
            newMember(i == witness);
        }
    }

    private void newMember(boolean asWitness) throws IOException {
        // Main, data and Raft port in a row, apart from the members chosen so far (none is bound before they start).
        int first = FreePorts.blockApartFrom(3, members.stream().mapToInt(GroupConfig.Member::port));
        members.add(new GroupConfig.Member("m" + members.size(), "127.0.0.1", first, first + 2, asWitness));
        nodes.add(null);
    }

    /** Starts {@code size} members and waits until one of them serves as the leader. */
    public static TestGroup start(Path base, int size) throws IOException {
        return start(base, size, GroupConfig.DEFAULT_SNAPSHOT_EVERY);
    }

    /** As {@link #start(Path, int)}, each member taking a snapshot every {@code snapshotEvery} log entries. */
    public static TestGroup start(Path base, int size, long snapshotEvery) throws IOException {
        return start(base, size, snapshotEvery, GroupConfig.DEFAULT_PROMOTE_SPARES_AFTER);
    }

    /** As {@link #start(Path, int)}, the leader replacing a voter silent for {@code promoteSparesAfter} by a spare. */
    public static TestGroup start(Path base, int size, Duration promoteSparesAfter) throws IOException {
        return start(base, size, GroupConfig.DEFAULT_SNAPSHOT_EVERY, promoteSparesAfter);
    }

    /** As {@link #start(Path, int)}, member {@code witness} being a witness: it votes and keeps the log, no files. */
    public static TestGroup startWithWitness(Path base, int size, int witness) throws IOException {
        return start(base, size, GroupConfig.DEFAULT_SNAPSHOT_EVERY, GroupConfig.DEFAULT_PROMOTE_SPARES_AFTER, witness);
    }

    private static TestGroup start(Path base, int size, long snapshotEvery, Duration promoteSparesAfter)
        throws IOException {
        return start(base, size, snapshotEvery, promoteSparesAfter, -1);
    }

    private static TestGroup start(Path base, int size, long snapshotEvery, Duration promoteSparesAfter, int witness)
        throws IOException {
        TestGroup g = new TestGroup(base, size, snapshotEvery, promoteSparesAfter, witness);
        try {
            for (int i = 0; i < size; i++) {
                UserStore.open(g.dataDir(i)).put("admin", SECRET.toCharArray(), true);
                g.startMember(i);
            }
            g.awaitLeader();
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    public void startMember(int i) throws IOException {
        GroupConfig.Member m = members.get(i);
        boolean joiner = i >= founders;
        GroupConfig group = new GroupConfig("test", m.id(), joiner ? List.of(m) : members.subList(0, founders))
            .withSnapshotEvery(snapshotEvery).withPromoteSparesAfter(promoteSparesAfter).joining(joiner);
        nodes.set(i, CageNode.start(NodeConfig.builder(Files.createDirectories(root(i))).dataDir(dataDir(i))
            .port(m.port()).dataPorts(1).group(group).build()));
    }

    /**
     * Starts a new node that joins the group once the leader adds it ({@code cage group add}); returns its index. It
     * has the same {@code admin} login as the others.
     */
    public int startJoiner() throws IOException {
        return startJoiner(false);
    }

    /** As {@link #startJoiner()}, the new node a witness ({@code :witness} in its own member entry) if asked. */
    public int startJoiner(boolean asWitness) throws IOException {
        newMember(asWitness);
        int i = members.size() - 1;
        UserStore.open(dataDir(i)).put("admin", SECRET.toCharArray(), true);
        startMember(i);
        return i;
    }

    /** Member {@code i}: its id and addresses. */
    public GroupConfig.Member member(int i) {
        return members.get(i);
    }

    public void stopMember(int i) {
        nodes.get(i).close();
        nodes.set(i, null);
    }

    /** The index of the serving leader, waiting (bounded) for an election to end. */
    public int awaitLeader() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(this::leader, l -> l >= 0);
    }

    /** The index of the member that serves as the leader now, or -1. */
    public int leader() {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) != null && nodes.get(i).member().serving()) {
                return i;
            }
        }
        return -1;
    }

    /** Waits until every running member has applied all the leader has committed. */
    public void awaitApplied() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            int l = leader();
            if (l < 0) {
                return false;
            }
            long commit = nodes.get(l).member().status().commitIndex();
            for (CageNode n : nodes) {
                if (n != null && n.member().status().lastApplied() < commit) {
                    return false;
                }
            }
            return true;
        });
    }

    public CageNode node(int i) {
        return nodes.get(i);
    }

    public Path root(int i) {
        return base.resolve("m" + i).resolve("root");
    }

    public Path dataDir(int i) {
        return base.resolve("m" + i).resolve("data");
    }

    public int size() {
        return nodes.size();
    }

    /** A login to member {@code first} that knows the whole group. */
    public ServerSpec spec(int first) {
        List<String> others = new ArrayList<>();
        for (int i = 1; i < members.size(); i++) {
            others.add(members.get((first + i) % members.size()).clientAddress());
        }
        GroupConfig.Member m = members.get(first);
        return new ServerSpec(m.host(), m.port(), "admin", SECRET).withGroup(others);
    }

    /** A login to member {@code i} alone: the client does not move to another member ({@link ServerSpec#alone()}). */
    public ServerSpec memberOnly(int i) {
        return new ServerSpec("127.0.0.1", members.get(i).port(), "admin", SECRET).alone();
    }

    /** A login that knows member {@code i} only, and learns the rest of the group from it. */
    public ServerSpec oneMember(int i) {
        return new ServerSpec("127.0.0.1", members.get(i).port(), "admin", SECRET);
    }

    /** Every file and directory under member {@code i}'s root: its path, and its bytes (directories: "dir"). */
    public Map<String, String> tree(int i) throws IOException {
        Path root = root(i);
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!p.equals(root)) {
                    out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }

    /**
     * Every file under member {@code i}'s root: its path, and its group-wide id (its mark, {@code 0} without one) and
     * version (its modified time in nanoseconds), as {@code id/version}.
     */
    public Map<String, String> identities(int i) throws IOException {
        Path root = root(i);
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    var view = Files.getFileAttributeView(p, java.nio.file.attribute.UserDefinedFileAttributeView.class);
                    long id = 0;
                    if (view.list().contains(GroupVersions.ATTRIBUTE)) {
                        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Long.BYTES);
                        view.read(GroupVersions.ATTRIBUTE, b);
                        id = b.flip().getLong();
                    }
                    out.put(root.relativize(p).toString(), id + "/"
                        + Files.getLastModifiedTime(p).to(java.util.concurrent.TimeUnit.NANOSECONDS));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) != null) {
                stopMember(i);
            }
        }
    }
}
