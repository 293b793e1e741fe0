package dev.cage.cache;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.client.SharedPageCache;
import dev.cage.client.TierStats;
import dev.cage.protocol.OpenMode;
import java.util.zip.CRC32;

/**
 * A client in a JVM of its own for {@link SharedPageCacheProcessTest}: starts its own Hazelcast member of the test's
 * cluster (from the config record), reads a whole file, and prints {@code RESULT <cluster hits> <server reads> <crc>}.
 * Arguments: node port, cluster name, cluster base port, file, length, page size; the secret comes in CAGE_SECRET.
 */
public final class SharedReaderMain {
    private SharedReaderMain() {
    }

    public static void main(String[] args) throws Exception {
        int nodePort = Integer.parseInt(args[0]);
        SharedPageCache shared = SharedPageCache.member(SharedPageCache.Member.loopback(args[1], Integer.parseInt(args[2])));
        try (Cage cage = Cage.builder().name("child")
                .server("s", new ServerSpec("127.0.0.1", nodePort, "admin", System.getenv("CAGE_SECRET")))
                .pageSize(Integer.parseInt(args[5])).pageCount(64).sharedPageCache(shared).build()) {
            CageChannel ch = cage.open("s", args[3], OpenMode.SHARED_READ);
            byte[] all = cage.read(ch, 0, Integer.parseInt(args[4]));
            CRC32 crc = new CRC32();
            crc.update(all);
            TierStats s = cage.tierStats();
            System.out.println("RESULT " + s.clusterHits() + " " + s.serverReads() + " " + crc.getValue());
            cage.close(ch);
        }
        System.exit(0);
    }
}
