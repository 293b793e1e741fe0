package dev.cage.server;

import dev.cage.protocol.BranchId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transaction branch one session is staging (TX_STAGE chunks received, not yet prepared or committed): its ops
 * per open channel, in arrival order. Lives in the {@link Session}, and dies with it.
 *
 * <p>Threads: touched only by TX requests, which run one at a time on the namespace lane.
 */
final class StagedBranch {
    private final BranchId id;
    private final Map<OpenFile, List<TxOp>> ops = new LinkedHashMap<>();
    private final Map<OpenFile, Long> bases = new LinkedHashMap<>();
    private int chunks;
    private long bytes;

    StagedBranch(BranchId id) {
        this.id = id;
    }

    BranchId id() {
        return id;
    }

    /** Chunks received so far: the number the next one must carry. */
    int chunks() {
        return chunks;
    }

    void chunkReceived() {
        chunks++;
    }

    /** Adds an op on {@code f}, whose version was {@code base} when the transaction began using it. */
    void add(OpenFile f, long base, TxOp op) {
        ops.computeIfAbsent(f, k -> new ArrayList<>()).add(op);
        bases.merge(f, base, Math::min);
        bytes += op.bytes();
    }

    long bytes() {
        return bytes;
    }

    Map<OpenFile, List<TxOp>> ops() {
        return ops;
    }

    /** By channel, the file's version when the transaction began using it (the oldest the client named). */
    Map<OpenFile, Long> bases() {
        return bases;
    }
}
