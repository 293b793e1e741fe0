package dev.cage.bench.cache;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.SharedPageCache;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hazelcast members of one benchmark cluster, all in this JVM, on 127.0.0.1 only: TCP/IP join from a free port,
 * multicast off, and a cluster name of its own so that other runs and test builds on the machine never join it.
 */
final class BenchGrid implements AutoCloseable {
    private static final int PORTS = SharedPageCache.Member.PORT_COUNT;
    private final String cluster = "cage-bench-" + UUID.randomUUID();
    private final int basePort;
    private final List<HazelcastInstance> members = new ArrayList<>();

    BenchGrid() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            basePort = Math.min(s.getLocalPort(), 65535 - PORTS);
        }
    }

    /** A new member; it has joined the others when this returns. */
    HazelcastInstance member() {
        Config c = SharedPageCache.Member.loopback(cluster, basePort).hazelcastConfig();
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
        members.add(hz);
        return hz;
    }

    @Override
    public void close() {
        for (HazelcastInstance hz : members) {
            hz.getLifecycleService().terminate();
        }
    }
}
