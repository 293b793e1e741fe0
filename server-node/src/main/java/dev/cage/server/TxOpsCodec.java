package dev.cage.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A transaction's ops by file key, as a replicated change carries them: {@code int files | files x (key | int ops |
 * ops x (byte truncate | long position | [int n | n bytes]))}.
 */
final class TxOpsCodec {
    private TxOpsCodec() {
    }

    static byte[] encode(Map<String, List<TxOp>> ops) {
        int size = 4;
        for (Map.Entry<String, List<TxOp>> e : ops.entrySet()) {
            size += 4 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4;
            for (TxOp op : e.getValue()) {
                size += 1 + 8 + (op.truncate() ? 0 : 4 + op.data().length);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(ops.size());
        for (Map.Entry<String, List<TxOp>> e : ops.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            b.putInt(key.length).put(key).putInt(e.getValue().size());
            for (TxOp op : e.getValue()) {
                b.put((byte) (op.truncate() ? 1 : 0)).putLong(op.position());
                if (!op.truncate()) {
                    b.putInt(op.data().length).put(op.data());
                }
            }
        }
        return b.array();
    }

    static SortedMap<String, List<TxOp>> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        SortedMap<String, List<TxOp>> ops = new TreeMap<>();
        for (int files = b.getInt(); files > 0; files--) {
            byte[] key = new byte[b.getInt()];
            b.get(key);
            List<TxOp> list = new ArrayList<>();
            for (int n = b.getInt(); n > 0; n--) {
                boolean truncate = b.get() == 1;
                long position = b.getLong();
                if (truncate) {
                    list.add(TxOp.truncate(position));
                } else {
                    byte[] data = new byte[b.getInt()];
                    b.get(data);
                    list.add(TxOp.write(position, data));
                }
            }
            ops.put(new String(key, StandardCharsets.UTF_8), list);
        }
        return ops;
    }
}
