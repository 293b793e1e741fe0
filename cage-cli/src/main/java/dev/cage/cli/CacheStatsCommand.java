package dev.cage.cli;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.SharedPageCache;
import dev.cage.client.TierStatsReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code cage cache stats}: connects to a Hazelcast cluster as a client and prints what every {@code Cage} sharing
 * pages on it last reported (the map {@code <map>-stats}, see {@code TierStatsReporter}). A Cage lives inside some
 * other process, so the cluster is the one place this command and it both reach.
 */
@Command(name = "stats", description = "Prints each Cage's page-cache statistics as it reported them into a "
    + "Hazelcast cluster: local and cluster hits, server reads, evictions, invalidations, bytes on its member.")
final class CacheStatsCommand implements Callable<Integer> {
    @Option(names = "--cluster-name", required = true, paramLabel = "NAME",
        description = "The Hazelcast cluster's name (for Payara: its --clustername).")
    String clusterName;

    @Option(names = "--address", required = true, paramLabel = "HOST:PORT", converter = AddressConverter.class,
        description = "A member to connect to (for Payara: its data grid's --startport, 6900 unless changed); "
            + "may be repeated.")
    List<String> addresses;

    @Option(names = "--map", paramLabel = "NAME", defaultValue = SharedPageCache.DEFAULT_MAP_NAME,
        description = "The page map the Cages use (default: ${DEFAULT-VALUE}); their reports are in NAME-stats.")
    String map;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
        description = "How long to try to reach the cluster, and to wait for each answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String statsMap = TierStatsReport.mapName(map);
        List<TierStatsReport> reports = new ArrayList<>();
        int unreadable = 0;
        HazelcastInstance hz = connect();
        try {
            for (Map.Entry<Object, Object> e : hz.<Object, Object>getMap(statsMap).entrySet()) {
                try {
                    reports.add(TierStatsReport.parse((String) e.getValue()));
                } catch (ClassCastException | IllegalArgumentException bad) {
                    unreadable++; // not a Cage's report (another writer, another format version): counted, not fatal
                }
            }
        } finally {
            hz.shutdown();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (reports.isEmpty()) {
            out.printf("no Cage reports in '%s' on cluster '%s' (is a Cage with a shared page cache running, "
                + "and does it use the map '%s'?)%n", statsMap, clusterName, map);
        } else {
            reports.sort(Comparator.comparing(TierStatsReport::label).thenComparing(TierStatsReport::instance));
            TierStatsTable.print(reports, Instant.now(), out);
        }
        if (unreadable > 0) {
            out.printf("%d entr%s in '%s' could not be read%n", unreadable, unreadable == 1 ? "y" : "ies", statsMap);
        }
        out.flush();
        return 0;
    }

    /** A client that talks to the given addresses only and gives up after the timeout. */
    private HazelcastInstance connect() throws IOException {
        ClientConfig c = new ClientConfig();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none"); // this command's output is the table, not the client's log
        c.setProperty("hazelcast.client.invocation.timeout.seconds", Long.toString(Math.max(1, timeout.toSeconds())));
        // One connection to an address given, not to every member: those may be behind addresses not reachable here.
        c.getNetworkConfig().setSmartRouting(false).setAddresses(new ArrayList<>(addresses));
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(timeout.toMillis());
        try {
            return HazelcastClient.newHazelcastClient(c);
        } catch (RuntimeException e) {
            throw new IOException("no Hazelcast cluster named '" + clusterName + "' answered at "
                + String.join(", ", addresses) + " within " + AdminCommand.human(timeout), e);
        }
    }

    /** {@code HOST:PORT}, with an IPv6 host in brackets; anything else is a usage error. */
    static final class AddressConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            int colon = value.lastIndexOf(':');
            String host = colon < 0 ? "" : value.substring(0, colon);
            String port = colon < 0 ? "" : value.substring(colon + 1);
            boolean hostOk = !host.isEmpty() && (host.startsWith("[") ? host.endsWith("]") && host.length() > 2
                : !host.contains(":"));
            boolean portOk = port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
            if (!hostOk || !portOk) {
                throw new TypeConversionException("'" + value + "' is not HOST:PORT (e.g. 127.0.0.1:5701, [::1]:5701)");
            }
            return value;
        }
    }
}
