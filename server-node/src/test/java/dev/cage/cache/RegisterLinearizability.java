package dev.cage.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An exact linearizability check of a history of registers that start at 0 and each have one writer at a time, which
 * writes 1, 2, 3, ... in turn. For such registers a history is linearizable exactly when (Lamport, "On interprocess
 * communication", 1986: a regular register without new-old inversion is atomic):
 * <ol>
 *   <li>every read returns a value that was written, no older than the last write that returned before the read was
 *       called, and no newer than the last write called before the read returned; and
 *   <li>no read returns an older value than a read of the same register that returned before it was called.
 * </ol>
 * The second is the one caches break: a client reads the new value from the node while another still serves the old
 * one from its cache.
 */
final class RegisterLinearizability {
    private RegisterLinearizability() {
    }

    /** The violations found (empty if the history is linearizable), each described with the calls involved. */
    static List<String> violations(List<RegisterOp> history) {
        Map<Integer, List<RegisterOp>> byRegister = history.stream()
            .collect(Collectors.groupingBy(RegisterOp::register, TreeMap::new, Collectors.toList()));
        List<String> out = new ArrayList<>();
        byRegister.forEach((register, ops) -> check(register, ops, out));
        return out;
    }

    private static void check(int register, List<RegisterOp> ops, List<String> out) {
        List<RegisterOp> writes = ops.stream().filter(RegisterOp::write).sorted(Comparator.comparingLong(RegisterOp::value)).toList();
        for (int i = 0; i < writes.size(); i++) {
            RegisterOp w = writes.get(i);
            if (w.value() != i + 1 || (i > 0 && writes.get(i - 1).returned() > w.called())) {
                throw new IllegalArgumentException("register " + register + ": writes must be 1, 2, 3, ... one after another; got "
                    + w + (i > 0 ? " after " + writes.get(i - 1) : ""));
            }
        }
        List<RegisterOp> reads = ops.stream().filter(o -> !o.write()).toList();
        for (RegisterOp r : reads) {
            long floor = lastWriteBefore(writes, r.called(), true);
            long ceiling = lastWriteBefore(writes, r.returned(), false);
            if (r.value() < floor) {
                out.add("register " + register + ": stale " + r + ", but write " + floor + " had returned before it was called");
            } else if (r.value() > ceiling) {
                out.add("register " + register + ": " + r + " returned a value not written (yet): last write called by then was " + ceiling);
            }
        }
        // New-old inversion: reads ordered by return; for each read, the newest value any read returned before it began.
        List<RegisterOp> byReturn = reads.stream().sorted(Comparator.comparingLong(RegisterOp::returned)).toList();
        long[] returns = byReturn.stream().mapToLong(RegisterOp::returned).toArray();
        RegisterOp[] newestSoFar = new RegisterOp[byReturn.size()];
        for (int i = 0; i < byReturn.size(); i++) {
            RegisterOp r = byReturn.get(i);
            newestSoFar[i] = i > 0 && newestSoFar[i - 1].value() >= r.value() ? newestSoFar[i - 1] : r;
        }
        for (RegisterOp r : reads) {
            int before = countBelow(returns, r.called());
            if (before > 0 && newestSoFar[before - 1].value() > r.value()) {
                out.add("register " + register + ": " + r + " after " + newestSoFar[before - 1] + " had returned: new-old inversion");
            }
        }
    }

    /** The value of the last write that returned (or, with {@code returnedOnly} false, was called) before {@code t}. */
    private static long lastWriteBefore(List<RegisterOp> writes, long t, boolean returnedOnly) {
        long value = 0;
        for (RegisterOp w : writes) { // writes are few per register and sorted; a linear pass keeps it obvious
            if ((returnedOnly ? w.returned() : w.called()) < t) {
                value = w.value();
            } else {
                break;
            }
        }
        return value;
    }

    /** How many of the sorted {@code times} are below {@code t}. */
    private static int countBelow(long[] times, long t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
