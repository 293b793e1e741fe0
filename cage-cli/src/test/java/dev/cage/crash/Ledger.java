package dev.cage.crash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files under test and what was done to them. Each of {@link #FILES} files is laid out the same way:
 * {@link #SMALL} units of one 4 KiB block, then {@link #BIG} units of 16 blocks (written with one 64 KiB write), then
 * one tail unit of one block, which is also cut off and brought back by truncates. Every unit belongs to one writer
 * thread, so its operations happen one at a time, and each gets the next sequence number of its unit.
 *
 * <p>Per unit the ledger keeps the highest sequence number sent (recorded before the call) and the highest
 * acknowledged (recorded only after the call returned), and for tail units which operation each number was. After a
 * crash, the unit must show the result of an operation numbered from the acknowledged one to the sent one: nothing
 * older (a lost acknowledged change) and nothing that was never sent (garbage).
 *
 * <p>Threads: a writer thread touches only its own units during a round; the test thread reads everything between
 * rounds, after joining the writers (which orders those accesses).
 */
final class Ledger {
    static final int FILES = 4;
    static final int SMALL = 24;
    static final int BIG = 2;
    static final int BIG_BLOCKS = 16;
    /** Where the tail unit starts: the file's size while it is cut off. */
    static final long TAIL_START = (long) (SMALL + BIG * BIG_BLOCKS) * Stamp.BLOCK;
    /** The file's size when the tail unit is there. */
    static final long TAIL_END = TAIL_START + Stamp.BLOCK;

    enum Op {
        /** A stamped write of the whole unit. */
        WRITE,
        /** Tail only: truncate the file to the tail's start (the tail is gone). */
        CUT,
        /** Tail only: truncate the file up to the tail's end (the tail is zeros); only right after an acknowledged CUT. */
        EXTEND
    }

    record Unit(int id, int file, long offset, int blocks, boolean tail) {
        long end() {
            return offset + (long) blocks * Stamp.BLOCK;
        }

        @Override
        public String toString() {
            return "unit " + id + " (f" + file + " @" + offset + "+" + blocks * Stamp.BLOCK + (tail ? ", tail" : "") + ")";
        }
    }

    private final List<Unit> units = new ArrayList<>();
    private final long[] acked;
    private final long[] sent;
    private final Op[] lastOp;
    /** Tail units: the operation behind each sequence number (writes of other units need no record). */
    private final Map<Integer, Map<Long, Op>> tailOps = new HashMap<>();

    Ledger() {
        int id = 0;
        for (int f = 0; f < FILES; f++) {
            long at = 0;
            for (int i = 0; i < SMALL; i++, at += Stamp.BLOCK) {
                units.add(new Unit(id++, f, at, 1, false));
            }
            for (int i = 0; i < BIG; i++, at += (long) BIG_BLOCKS * Stamp.BLOCK) {
                units.add(new Unit(id++, f, at, BIG_BLOCKS, false));
            }
            units.add(new Unit(id++, f, at, 1, true));
        }
        acked = new long[units.size()];
        sent = new long[units.size()];
        lastOp = new Op[units.size()];
        for (Unit u : units) {
            lastOp[u.id()] = Op.WRITE; // seq 0: the initial content, written and acknowledged before the first kill
            if (u.tail()) {
                Map<Long, Op> ops = new HashMap<>();
                ops.put(0L, Op.WRITE);
                tailOps.put(u.id(), ops);
            }
        }
    }

    List<Unit> units() {
        return units;
    }

    static String fileName(int file) {
        return "crash/f" + file;
    }

    /** The next operation's number for {@code u}; recorded as sent, with what it is. */
    long send(Unit u, Op op) {
        long seq = ++sent[u.id()];
        lastOp[u.id()] = op;
        if (u.tail()) {
            tailOps.get(u.id()).put(seq, op);
        }
        return seq;
    }

    void ack(Unit u, long seq) {
        acked[u.id()] = seq;
    }

    long acked(Unit u) {
        return acked[u.id()];
    }

    long sent(Unit u) {
        return sent[u.id()];
    }

    /** Whether the unit's last operation was sent and acknowledged, and was {@code op}. */
    boolean lastAcknowledgedWas(Unit u, Op op) {
        return acked[u.id()] == sent[u.id()] && lastOp[u.id()] == op;
    }

    /** Whether some operation numbered acked..sent of tail unit {@code u} was {@code op}. */
    boolean windowHas(Unit u, Op op) {
        Map<Long, Op> ops = tailOps.get(u.id());
        for (long s = acked[u.id()]; s <= sent[u.id()]; s++) {
            if (ops.get(s) == op) {
                return true;
            }
        }
        return false;
    }

    /** The acknowledged-to-sent window of a unit, for messages. */
    String window(Unit u) {
        StringBuilder b = new StringBuilder("acked " + acked[u.id()] + ", sent " + sent[u.id()]);
        if (u.tail()) {
            Map<Long, Op> ops = tailOps.get(u.id());
            b.append(" [");
            for (long s = acked[u.id()]; s <= sent[u.id()]; s++) {
                b.append(s == acked[u.id()] ? "" : " ").append(s).append('=').append(ops.get(s));
            }
            b.append(']');
        }
        return b.toString();
    }

    /** Tail units: forgets operations older than the acknowledged one, which no check can need again. */
    void compact() {
        for (Map.Entry<Integer, Map<Long, Op>> e : tailOps.entrySet()) {
            long floor = acked[e.getKey()];
            e.getValue().keySet().removeIf(s -> s < floor);
        }
    }

    /**
     * Checks one file's bytes (all of it, read past its end) against the ledger.
     *
     * @return what is wrong, empty if nothing
     */
    List<String> check(int file, byte[] content, long size) {
        List<String> wrong = new ArrayList<>();
        String f = fileName(file);
        if (content.length != size) {
            wrong.add(f + ": stat says " + size + " bytes, a read to the end returned " + content.length);
            return wrong;
        }
        Unit tail = null;
        for (Unit u : units) {
            if (u.file() != file) {
                continue;
            }
            if (u.tail()) {
                tail = u;
                continue;
            }
            if (size < u.end()) {
                wrong.add(f + ": size " + size + " cuts into " + u + " (" + window(u) + ")");
                continue;
            }
            Long seq = null;
            for (int i = 0; i < u.blocks(); i++) {
                int at = (int) (u.offset() + (long) i * Stamp.BLOCK);
                Stamp.Parsed p = Stamp.parse(content, at);
                if (p == null || p.unit() != u.id() || p.index() != i) {
                    wrong.add(f + ": " + u + " block " + i + " holds " + Stamp.describe(content, at)
                        + ", bytes no write of this unit put there (" + window(u) + ")");
                    seq = null;
                    break;
                }
                if (seq != null && p.seq() != seq) {
                    wrong.add(f + ": " + u + " is torn: block 0 from write " + seq + ", block " + i + " from write "
                        + p.seq() + " (" + window(u) + ")");
                    seq = null;
                    break;
                }
                seq = p.seq();
            }
            if (seq != null && (seq < acked[u.id()] || seq > sent[u.id()])) {
                wrong.add(f + ": " + u + " holds write " + seq + (seq < acked[u.id()] ? ", older than the acknowledged one"
                    : ", which was never sent") + " (" + window(u) + ")");
            }
        }
        if (size == TAIL_START) {
            if (!windowHas(tail, Op.CUT)) {
                wrong.add(f + ": the tail is cut off, but no cut is in the window (" + window(tail) + ")");
            }
        } else if (size == TAIL_END) {
            int at = (int) tail.offset();
            if (Stamp.isZeros(content, at)) {
                if (!windowHas(tail, Op.EXTEND)) {
                    wrong.add(f + ": the tail is zeros, but no extend is in the window (" + window(tail) + ")");
                }
            } else {
                Stamp.Parsed p = Stamp.parse(content, at);
                if (p == null || p.unit() != tail.id() || p.index() != 0) {
                    wrong.add(f + ": " + tail + " holds " + Stamp.describe(content, at) + " (" + window(tail) + ")");
                } else if (p.seq() < acked[tail.id()] || p.seq() > sent[tail.id()]
                    || tailOps.get(tail.id()).get(p.seq()) != Op.WRITE) {
                    wrong.add(f + ": " + tail + " holds write " + p.seq() + ", outside the window or not a write ("
                        + window(tail) + ")");
                }
            }
        } else {
            wrong.add(f + ": size " + size + ", but only " + TAIL_START + " (tail cut) or " + TAIL_END
                + " were ever written (tail: " + window(tail) + ")");
        }
        return wrong;
    }
}
