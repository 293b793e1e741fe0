package dev.cage.cache;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.client.SharedPageCache;
import dev.cage.client.TierStats;
import dev.cage.protocol.OpenMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * A client in a JVM of its own, driven line by line over stdin by {@link SharedPageCacheProcessTest}: starts its own
 * Hazelcast member of the test's cluster, builds a Cage sharing pages through it, prints {@code READY}, then answers:
 * <ul>
 *   <li>{@code READ <offset> <length>}: {@code OK <crc32> <cluster hits> <server reads> <hex of the bytes, at most 64>}</li>
 *   <li>{@code WRITE <offset> <hex>}: writes and pushes the bytes (acknowledged when {@code OK} is printed)</li>
 *   <li>{@code QUIT}: closes the Cage and exits</li>
 * </ul>
 * A failure prints {@code ERROR <message>}. Arguments: node port, cluster name, cluster base port, file, page size;
 * the secret comes in CAGE_SECRET.
 */
public final class SharedClientMain {
    private SharedClientMain() {
    }

    public static void main(String[] args) throws Exception {
        int nodePort = Integer.parseInt(args[0]);
        SharedPageCache shared = SharedPageCache.member(SharedPageCache.Member.loopback(args[1], Integer.parseInt(args[2])));
        String file = args[3];
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Cage cage = Cage.builder().name("child")
                .server("s", new ServerSpec("127.0.0.1", nodePort, "admin", System.getenv("CAGE_SECRET")))
                .pageSize(Integer.parseInt(args[4])).pageCount(64).sharedPageCache(shared).build()) {
            CageChannel reader = cage.open("s", file, OpenMode.SHARED_READ);
            CageChannel writer = null;
            System.out.println("READY");
            for (String line = in.readLine(); line != null && !line.equals("QUIT"); line = in.readLine()) {
                String[] f = line.split(" ");
                try {
                    if (f[0].equals("READ")) {
                        byte[] got = cage.read(reader, Long.parseLong(f[1]), Integer.parseInt(f[2]));
                        CRC32 crc = new CRC32();
                        crc.update(got);
                        TierStats s = cage.tierStats();
                        System.out.println("OK " + crc.getValue() + " " + s.clusterHits() + " " + s.serverReads() + " "
                            + HexFormat.of().formatHex(got, 0, Math.min(64, got.length)));
                    } else if (f[0].equals("WRITE")) {
                        if (writer == null) {
                            writer = cage.open("s", file, OpenMode.SHARED_WRITE);
                        }
                        cage.write(writer, Long.parseLong(f[1]), HexFormat.of().parseHex(f[2]));
                        cage.putPages(writer);
                        System.out.println("OK");
                    } else {
                        System.out.println("ERROR unknown command " + line);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.out.println("ERROR " + e);
                }
            }
        }
        System.exit(0);
    }
}
