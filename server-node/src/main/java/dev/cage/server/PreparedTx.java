package dev.cage.server;

import dev.cage.protocol.BranchId;
import java.util.List;
import java.util.Map;

/**
 * A prepared branch as the node holds it in memory: who prepared it and its ops per file path key (sorted, the
 * order commits take file lanes in). Durable in the journal as a {@code PreparedBranch}.
 */
record PreparedTx(BranchId id, String user, Map<String, List<TxOp>> ops) {
}
