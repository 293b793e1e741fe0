package dev.cage.cache;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.SharedPageCache;
import dev.cage.testkit.FreePorts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hazelcast members of one test cluster, in this JVM, on 127.0.0.1 only: TCP/IP join from a random free port
 * block, multicast off, and a cluster name of its own so concurrent builds on the machine never meet.
 */
final class Grid implements AutoCloseable {
    static final int PORTS = SharedPageCache.Member.PORT_COUNT;
    final String cluster = "cage-test-" + UUID.randomUUID();
    final int basePort;
    private final List<HazelcastInstance> members = new ArrayList<>();

    Grid() throws IOException {
        basePort = FreePorts.block(PORTS);
    }

    /** A loopback member of {@code cluster} from {@code basePort} on, joining fast and logging nothing. */
    static Config memberConfig(String cluster, int basePort) {
        Config c = SharedPageCache.Member.loopback(cluster, basePort).hazelcastConfig();
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        return c;
    }

    /** A new member; it has joined the others when this returns. */
    HazelcastInstance member() {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(memberConfig(cluster, basePort));
        members.add(hz);
        return hz;
    }

    /** Settings for a Cage sharing pages through {@code hz}. */
    static SharedPageCache via(HazelcastInstance hz) {
        return SharedPageCache.using(hz).withMegabytesPerMember(64);
    }

    @Override
    public void close() {
        for (HazelcastInstance hz : members) {
            if (hz.getLifecycleService().isRunning()) {
                hz.getLifecycleService().terminate();
            }
        }
    }
}
