package dev.cage.bench.journal;

import dev.cage.bench.Stats;
import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import dev.cage.server.CageNode;
import dev.cage.server.NodeConfig;
import dev.cage.server.UserStore;
import dev.cage.server.group.GroupConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cage bench group}: what replication costs. The same workloads run against a standalone journaled node and
 * against a group of three journaled members (a write is acknowledged once two of them have it durable and the
 * leader has applied it), all in this process on this machine, rounds interleaved, medians reported as ratios and
 * as this process's CPU time per write.
 */
@Command(name = "group", mixinStandardHelpOptions = true,
    description = "A replicated group of three against a standalone node, both journaled, on the same machine.")
public final class GroupBenchCommand implements Callable<Integer> {
    private static final String SECRET = "bench-group-secret-0123456789";

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds of each workload on each target before the"
        + " first round, not measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds, interleaved; medians reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--sessions", defaultValue = "1,64", split = ",", description = "Concurrent sessions (default: ${DEFAULT-VALUE}).")
    List<Integer> sessions;

    @Option(names = "--dir", defaultValue = "bench-work-group", description = "Work directory, removed afterwards.")
    Path dir;

    private final WriteLoad load = new WriteLoad();

    public static void main(String[] args) {
        System.exit(new CommandLine(new GroupBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        try {
            StringBuilder report = new StringBuilder("## Replicated group of 3 against a standalone node (both journaled,"
                + " same machine, one run)\n\n")
                .append("| workload | standalone | group of 3 | group / standalone | CPU µs per write, standalone / group |\n")
                .append("|---|---:|---:|---:|---:|\n");
            try (Standalone alone = new Standalone(dir.resolve("alone")); Group group = new Group(dir.resolve("group"), 3)) {
                warmUp(alone, group);
                for (int n : sessions) {
                    double[][] m = measure("4 KiB random writes, " + n + " sessions", t -> load.randomWrites(t, n, seconds),
                        alone, group);
                    row(report, "4 KiB random writes/s, " + n + " session" + (n == 1 ? "" : "s"), m);
                }
                row(report, "1 MiB sequential writes, MiB/s",
                    measure("1 MiB sequential writes", t -> load.sequential(t, seconds), alone, group));
                report.append(String.format("%nChanges per log entry at the group's leader, over the whole run: %.1f"
                    + " (changes that arrive while earlier entries are on their way share one).%n",
                    group.changesPerEntry()));
            }
            System.out.println(report);
            System.out.println("Targets (issue 15): group / standalone at least 50 % for 4 KiB writes at 64 sessions and"
                + " for 1 MiB sequential writes. Failover times come from GroupKillNineTest (kill -9 of the leader in"
                + " child JVMs).");
        } finally {
            dev.cage.bench.WorkDirs.delete(dir);
        }
        return 0;
    }

    @FunctionalInterface
    private interface Workload {
        double run(WriteLoad.Target target) throws Exception;
    }

    /** Rounds of one workload, alternating targets: per target, the rates and the CPU µs per write. */
    private double[][] measure(String what, Workload w, WriteLoad.Target alone, WriteLoad.Target group) throws Exception {
        double[][] m = new double[4][rounds];
        for (int r = 0; r < rounds; r++) {
            progress(what + ", round " + (r + 1));
            m[0][r] = w.run(alone);
            m[2][r] = load.lastCpuMicrosPerWrite;
            m[1][r] = w.run(group);
            m[3][r] = load.lastCpuMicrosPerWrite;
        }
        return m;
    }

    private void warmUp(WriteLoad.Target alone, WriteLoad.Target group) throws Exception {
        if (warmup <= 0) {
            return;
        }
        progress("warming up, " + warmup + " s per workload and target");
        int most = sessions.stream().mapToInt(Integer::intValue).max().orElse(1);
        for (WriteLoad.Target t : List.of(alone, group)) {
            load.randomWrites(t, most, warmup);
            load.sequential(t, warmup);
        }
    }

    private static void row(StringBuilder b, String what, double[][] m) {
        double alone = Stats.median(m[0]);
        double group = Stats.median(m[1]);
        b.append(String.format("| %s | %,.0f | %,.0f | %.0f %% | %,.0f / %,.0f |%n", what, alone, group,
            100 * group / alone, Stats.median(m[2]), Stats.median(m[3])));
    }

    private static void progress(String what) {
        System.err.println("bench group: " + what);
    }

    /** A standalone journaled node. */
    private static final class Standalone implements WriteLoad.Target, AutoCloseable {
        private final CageNode node;

        Standalone(Path base) throws IOException {
            UserStore.open(base.resolve("data")).put("admin", SECRET.toCharArray(), true);
            node = CageNode.start(NodeConfig.builder(Files.createDirectories(base.resolve("root")))
                .dataDir(base.resolve("data")).port(0).journalReads(false).build());
        }

        @Override
        public Cage client() throws Exception {
            return Cage.builder().name("bench").server("s", new ServerSpec("127.0.0.1", node.port(), "admin", SECRET))
                .pageCount(0).build();
        }

        @Override
        public void settle() {
            node.journalStore().stats(); // a query: it waits for the rows of everything appended
        }

        @Override
        public void close() {
            node.close();
        }
    }

    /** A group of journaled members in this process, each on its own ports and directories. */
    private static final class Group implements WriteLoad.Target, AutoCloseable {
        private final List<CageNode> nodes = new ArrayList<>();
        private final List<GroupConfig.Member> members = new ArrayList<>();

        Group(Path base, int size) throws Exception {
            for (int i = 0; i < size; i++) {
                int[] ports = freePorts(3, members);
                members.add(new GroupConfig.Member("m" + i, "127.0.0.1", ports[0], ports[2]));
            }
            try {
                for (int i = 0; i < size; i++) {
                    Path data = base.resolve("m" + i).resolve("data");
                    UserStore.open(data).put("admin", SECRET.toCharArray(), true);
                    nodes.add(CageNode.start(NodeConfig.builder(Files.createDirectories(base.resolve("m" + i).resolve("root")))
                        .dataDir(data).port(members.get(i).port()).dataPorts(1).journalReads(false)
                        .group(new GroupConfig("bench", "m" + i, members)).build()));
                }
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (nodes.stream().noneMatch(n -> n.member().serving())) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the group elected no leader within 30 s");
                    }
                    Thread.sleep(20); // polls the members' state for the election's end, bounded
                }
            } catch (Exception e) {
                close();
                throw e;
            }
        }

        /** Three ports the data port of a member can sit between (main, main + 1 for data, Raft). */
        private static int[] freePorts(int n, List<GroupConfig.Member> taken) throws IOException {
            for (int attempt = 0; attempt < 100; attempt++) {
                int first = anyFreePort();
                if (first + n > 65535 || taken.stream().anyMatch(m -> Math.abs(m.port() - first) < n)) {
                    continue;
                }
                try (ServerSocket a = new ServerSocket(first + 1); ServerSocket b = new ServerSocket(first + 2)) {
                    return new int[] {first, first + 1, first + 2};
                } catch (IOException inUse) {
                    // try another block
                }
            }
            throw new IOException("no three free ports in a row on this machine");
        }

        private static int anyFreePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }

        @Override
        public Cage client() throws Exception {
            List<String> others = members.subList(1, members.size()).stream().map(GroupConfig.Member::clientAddress).toList();
            GroupConfig.Member first = members.get(0);
            return Cage.builder().name("bench").server("s", new ServerSpec(first.host(), first.port(), "admin", SECRET)
                .withGroup(others)).pageCount(0).build();
        }

        double changesPerEntry() {
            return nodes.stream().mapToDouble(n -> n.member().changesPerEntry()).max().orElse(0);
        }

        @Override
        public void settle() {
            for (CageNode n : nodes) {
                n.journalStore().stats();
            }
        }

        @Override
        public void close() {
            nodes.forEach(CageNode::close);
        }
    }
}
