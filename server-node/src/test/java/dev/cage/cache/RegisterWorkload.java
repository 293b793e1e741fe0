package dev.cage.cache;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.CageException;
import dev.cage.protocol.OpenMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Registers in one file, each of one page or more (the value, 8 bytes, at the start of each of its pages), read and
 * written through a {@link Cage} with its history recorded for {@link RegisterLinearizability}. A register of several
 * pages is written and read in one call each; a read that finds its pages at different values was torn and throws. Each register has one writer: writer {@code w} of
 * {@code writers} owns the registers {@code r} with {@code r % writers == w}, and writes 1, 2, 3, ... into each, every
 * write pushed to the node before it counts as returned.
 */
final class RegisterWorkload {
    private final String file;
    private final int registers;
    private final int page;
    private final int pagesPerRegister;
    /** Whether a call that fails (a failover of a replicated group) is tried again rather than ending the run. */
    private final boolean retrying;

    RegisterWorkload(String file, int registers, int page) {
        this(file, registers, page, 1);
    }

    RegisterWorkload(String file, int registers, int page, int pagesPerRegister) {
        this(file, registers, page, pagesPerRegister, false);
    }

    private RegisterWorkload(String file, int registers, int page, int pagesPerRegister, boolean retrying) {
        this.file = file;
        this.registers = registers;
        this.page = page;
        this.pagesPerRegister = pagesPerRegister;
        this.retrying = retrying;
    }

    /**
     * The same workload, living through failovers: a write that fails is repeated (the same value, so it takes
     * effect once, somewhere between its first call and its last return) and a read that fails is dropped.
     */
    RegisterWorkload retryingFailedCalls() {
        return new RegisterWorkload(file, registers, page, pagesPerRegister, true);
    }

    private long offset(int register) {
        return (long) register * pagesPerRegister * page;
    }

    /** The bytes of a register: the value at the start of each of its pages, zeros between. */
    private int span() {
        return (pagesPerRegister - 1) * page + 8;
    }

    /** Creates the file, all zeros: every register starts at 0. */
    void create(Cage setup) throws Exception {
        CageChannel ch = setup.open("s", file, OpenMode.SHARED_WRITE, true);
        setup.write(ch, 0, new byte[registers * pagesPerRegister * page]);
        setup.close(ch);
    }

    /** Writes the registers writer {@code w} of {@code writers} owns, at random, until {@code ops} or the deadline. */
    List<RegisterOp> write(Cage c, String name, int w, int writers, Random rnd, int ops, long deadline) throws Exception {
        List<Integer> owned = new ArrayList<>();
        for (int r = w; r < registers; r += writers) {
            owned.add(r);
        }
        long[] next = new long[registers];
        List<RegisterOp> history = new ArrayList<>();
        CageChannel ch = c.open("s", file, OpenMode.SHARED_WRITE);
        for (int i = 0; i < ops && System.nanoTime() - deadline < 0; i++) {
            int r = owned.get(rnd.nextInt(owned.size()));
            long value = ++next[r];
            long called = System.nanoTime();
            ByteBuffer data = ByteBuffer.allocate(span());
            for (int p = 0; p < pagesPerRegister; p++) {
                data.putLong(p * page, value);
            }
            while (true) {
                try {
                    c.write(ch, offset(r), data.array());
                    c.putPages(ch);
                    break;
                } catch (CageException e) {
                    if (!retrying) {
                        throw e;
                    }
                }
            }
            history.add(new RegisterOp(name, r, true, value, called, System.nanoTime()));
        }
        c.close(ch);
        return history;
    }

    /** Reads random registers until {@code ops} or the deadline. */
    List<RegisterOp> read(Cage c, String name, OpenMode mode, Random rnd, int ops, long deadline) throws Exception {
        List<RegisterOp> history = new ArrayList<>();
        CageChannel ch = c.open("s", file, mode);
        for (int i = 0; i < ops && System.nanoTime() - deadline < 0; i++) {
            int r = rnd.nextInt(registers);
            long called = System.nanoTime();
            ByteBuffer got;
            try {
                got = ByteBuffer.wrap(c.read(ch, offset(r), span()));
            } catch (CageException e) {
                if (!retrying) {
                    throw e;
                }
                continue;
            }
            long returned = System.nanoTime();
            long value = got.getLong(0);
            for (int p = 1; p < pagesPerRegister; p++) {
                if (got.getLong(p * page) != value) {
                    throw new AssertionError(name + " read register " + r + " torn: page 0 at " + value + ", page " + p
                        + " at " + got.getLong(p * page));
                }
            }
            history.add(new RegisterOp(name, r, false, value, called, returned));
        }
        c.close(ch);
        return history;
    }
}
