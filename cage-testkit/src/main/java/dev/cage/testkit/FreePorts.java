package dev.cage.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Ports for servers a test starts on fixed ports (a node and its data ports, which follow its main port), picked
 * below the kernel's ephemeral range: a port in that range can be given to an outgoing connection, or to another
 * port reserved with {@code bind(0)}, between the check and the server's bind (seen in CI: "Address already in use").
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** Data ports a node started by {@code cage server} takes after its main port, unless told otherwise. */
    public static final int NODE_DATA_PORTS = 4;

    /** A main port for a node started with {@code cage server}'s default data ports, those free too. */
    public static int forNode() throws IOException {
        return block(1 + NODE_DATA_PORTS);
    }

    /** The first of {@code n} consecutive ports that are free on 127.0.0.1 right now. */
    public static int block(int n) throws IOException {
        int below = Math.max(20000 + n + 1, firstEphemeralPort());
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20000, below - n);
            if (allFree(first, n)) {
                return first;
            }
        }
        throw new IOException("no block of " + n + " free ports found on 127.0.0.1");
    }

    /**
     * As {@link #block}, a block that overlaps none of the blocks of {@code n} starting at {@code taken}: ports chosen
     * for servers not started yet, so still free when the next block is picked.
     */
    public static int blockApartFrom(int n, IntStream taken) throws IOException {
        int[] firsts = taken.toArray();
        while (true) {
            int first = block(n);
            if (Arrays.stream(firsts).noneMatch(p -> Math.abs(p - first) < n)) {
                return first;
            }
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), else 32768, the usual one. */
    private static int firstEphemeralPort() {
        try {
            // readAllLines, not readString: on a /proc file readString here returned only the first byte.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    private static boolean allFree(int first, int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int p = first; p < first + n; p++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", p));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // probing only
                }
            }
        }
    }
}
