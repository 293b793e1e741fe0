package dev.cage.crash;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.CageException;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.OpenMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Namespace churn beside the block writers, in directory {@value #DIR}: each cycle creates {@code a} and writes it,
 * renames it to {@code b<cycle>} (so the name {@code a} is used again by the next cycle), removes the previous
 * {@code b}, then removes {@code c} and creates it again with new bytes. Recovery must neither bring back what was
 * removed nor put one file's bytes into another that took its name.
 *
 * <p>The ledger is the tree as the acknowledged calls left it, and, while a call is in flight or failed, the tree as
 * it would be if that call was applied: after a kill the directory must be one of the two. Create (by open), write
 * and close are repeated by the client across a restart; rename and remove are not, and fail as "may or may not have
 * been applied". A file is empty or holds one stamped block naming its cycle.
 *
 * <p>Threads: {@link #round} runs on one thread during a round; the test thread checks between rounds.
 */
final class Names {
    static final String DIR = "ns";
    /** The unit id in the stamps of these files (the block units are numbered from 0, far below). */
    private static final int UNIT = 1_000_000;
    private static final long EMPTY = -1;

    private final Cage cage;
    private Map<String, Long> acked = new TreeMap<>();
    private Map<String, Long> pending;
    private CageChannel open;
    private long cycle;
    private long callsAcked;

    Names(Cage cage) {
        this.cage = cage;
    }

    long callsAcknowledged() {
        return callsAcked;
    }

    long cycles() {
        return cycle;
    }

    /**
     * Cycles until {@code stop} says so or a call fails (then throws it, having closed the channel of a create cut
     * short: the client reopens it when it logs in again, and the check between rounds must find the file free).
     */
    void round(java.util.function.BooleanSupplier stop) throws CageException {
        try {
            cycles(stop);
        } catch (CageException e) {
            if (open != null) {
                CageChannel ch = open;
                open = null;
                try {
                    cage.close(ch);
                } catch (CageException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private void cycles(java.util.function.BooleanSupplier stop) throws CageException {
        while (!stop.getAsBoolean()) {
            long k = ++cycle;
            if (acked.containsKey("a")) {
                call(without(acked, "a"), () -> cage.remove("s", DIR + "/a")); // left by a cycle cut short
            }
            create("a", k);
            call(renamed(acked, "a", "b" + k), () -> cage.rename("s", DIR + "/a", DIR + "/b" + k));
            for (String old : List.copyOf(acked.keySet())) {
                if (old.startsWith("b") && !old.equals("b" + k)) {
                    call(without(acked, old), () -> cage.remove("s", DIR + "/" + old));
                }
            }
            if (acked.containsKey("c")) {
                call(without(acked, "c"), () -> cage.remove("s", DIR + "/c"));
            }
            create("c", k);
        }
    }

    private void create(String name, long k) throws CageException {
        Map<String, Long> empty = with(acked, name, EMPTY);
        call(empty, () -> open = cage.open("s", DIR + "/" + name, OpenMode.EXCLUSIVE, true));
        call(with(acked, name, k), () -> cage.write(open, 0, Stamp.of(UNIT, k, 1)));
        call(acked, () -> {
            cage.close(open);
            open = null;
        });
    }

    private interface Call {
        void run() throws CageException;
    }

    /** Runs one call; {@code after} is the tree once it is applied. */
    private void call(Map<String, Long> after, Call c) throws CageException {
        pending = after;
        c.run();
        acked = after;
        pending = null;
        callsAcked++;
    }

    /**
     * Checks the directory as read through {@code reader} against the ledger and takes it as the new acknowledged
     * state if it fits.
     *
     * @return what is wrong, empty if nothing
     */
    List<String> check(Cage reader) throws CageException {
        Map<String, Long> found = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (FileInfo info : reader.list("s", DIR)) {
            String name = info.name();
            CageChannel ch = reader.open("s", DIR + "/" + name, OpenMode.SHARED_READ);
            byte[] content = reader.read(ch, 0, 2 * Stamp.BLOCK);
            reader.close(ch);
            if (content.length == 0) {
                found.put(name, EMPTY);
                continue;
            }
            Stamp.Parsed p = content.length == Stamp.BLOCK ? Stamp.parse(content, 0) : null;
            if (p == null || p.unit() != UNIT || p.index() != 0) {
                wrong.add(DIR + "/" + name + ": " + content.length + " bytes, "
                    + (content.length >= Stamp.BLOCK ? Stamp.describe(content, 0) : "not one block")
                    + "; no cycle wrote that (ledger " + acked + ", in flight " + pending + ")");
                continue;
            }
            found.put(name, p.seq());
        }
        if (wrong.isEmpty()) {
            if (found.equals(acked) || found.equals(pending)) {
                acked = found;
                pending = null;
            } else {
                wrong.add(DIR + ": holds " + found + ", but the acknowledged calls left " + acked
                    + (pending == null ? "" : " (or " + pending + " if the call in flight was applied)"));
            }
        }
        return wrong;
    }

    private static Map<String, Long> with(Map<String, Long> m, String name, long v) {
        Map<String, Long> n = new TreeMap<>(m);
        n.put(name, v);
        return n;
    }

    private static Map<String, Long> without(Map<String, Long> m, String name) {
        Map<String, Long> n = new TreeMap<>(m);
        n.remove(name);
        return n;
    }

    private static Map<String, Long> renamed(Map<String, Long> m, String from, String to) {
        Map<String, Long> n = new TreeMap<>(m);
        n.put(to, n.remove(from));
        return n;
    }
}
