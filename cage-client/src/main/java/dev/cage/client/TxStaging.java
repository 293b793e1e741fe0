package dev.cage.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The writes and truncates a {@link CageTransaction} has staged, in order, and how they change what the transaction
 * sees of a file: the committed bytes overlaid with its own ops. A file is named by (server, path), so ops staged
 * through two channels on one file both show.
 *
 * <p>Threads: guarded by the owning transaction's monitor.
 */
final class TxStaging {
    /** One staged op: a write of {@code data} at {@code position}, or (data {@code null}) a truncate to it. */
    record Op(CageChannel channel, long position, byte[] data) {
        boolean truncate() {
            return data == null;
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private long bytes;

    void write(CageChannel ch, long offset, byte[] data) {
        ops.add(new Op(ch, offset, data));
        bytes += data.length;
    }

    void truncate(CageChannel ch, long size) {
        ops.add(new Op(ch, size, null));
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Bytes of staged writes (what the transaction holds in memory). */
    long bytes() {
        return bytes;
    }

    void clear() {
        ops.clear();
        bytes = 0;
    }

    /** The servers with staged work, in the order they were first written to. */
    Set<String> servers() {
        Set<String> out = new LinkedHashSet<>();
        for (Op op : ops) {
            out.add(op.channel().server());
        }
        return out;
    }

    /** The ops for one server, in staging order. */
    List<Op> on(String server) {
        return ops.stream().filter(o -> o.channel().server().equals(server)).toList();
    }

    /** The channels with staged work. */
    Set<CageChannel> channels() {
        Set<CageChannel> out = new LinkedHashSet<>();
        for (Op op : ops) {
            out.add(op.channel());
        }
        return out;
    }

    /** The file's size after this transaction's ops, from its committed size. */
    long size(CageChannel ch, long committedSize) {
        long size = committedSize;
        for (Op op : ops) {
            if (sameFile(op.channel(), ch)) {
                size = op.truncate() ? op.position() : Math.max(size, op.position() + op.data().length);
            }
        }
        return size;
    }

    /**
     * Lays this transaction's ops over {@code dst[off..off+n)}, which holds the committed bytes from {@code offset}
     * (zeros past the committed end): a truncate zeroes what it cut (anything read past it later is new zeros or
     * later writes), a write copies its bytes in.
     */
    void overlay(CageChannel ch, long offset, byte[] dst, int off, int n) {
        long end = offset + n;
        for (Op op : ops) {
            if (!sameFile(op.channel(), ch)) {
                continue;
            }
            if (op.truncate()) {
                long from = Math.max(offset, op.position());
                if (from < end) {
                    Arrays.fill(dst, off + (int) (from - offset), off + n, (byte) 0);
                }
            } else {
                long from = Math.max(offset, op.position());
                long to = Math.min(end, op.position() + op.data().length);
                if (from < to) {
                    System.arraycopy(op.data(), (int) (from - op.position()), dst, off + (int) (from - offset), (int) (to - from));
                }
            }
        }
    }

    private static boolean sameFile(CageChannel a, CageChannel b) {
        return a == b || (a.server().equals(b.server()) && trim(a.path()).equals(trim(b.path())));
    }

    private static String trim(String p) {
        return p.replaceAll("/+", "/").replaceAll("^/|/$", "");
    }
}
