package dev.cage.server;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.message.TruncateRequest;
import dev.cage.protocol.message.TxStageRequest;
import dev.cage.protocol.message.WriteRequest;
import io.netty.buffer.Unpooled;

/**
 * Keeps the files a fuzzing session makes under {@link #MAX_SPAN}: a WRITE, TRUNCATE or staged transaction op that
 * decodes and reaches past it is held back (malformed bodies are still sent). The node's journal keeps every byte a
 * write brings and a truncate cuts (for 30 days, holes of sparse files read as zeros), so without a bound the fuzzer
 * soon has the node write gigabytes: first a 12-byte write at a terabyte's offset and a truncate (the finding in
 * NodeFuzzTest's Javadoc), and even with 64 MiB files, inputs that grow and cut them filled 22 GB within two minutes.
 */
final class FileSpanBound implements HeldBack {
    /** 1 MiB; {@code -Dcage.fuzz.maxFileSpan=N} changes it (a huge value replays the finding, on a disk to spare). */
    static final long MAX_SPAN = Long.getLong("cage.fuzz.maxFileSpan", 1L << 20);

    @Override
    public boolean holdsBack(int opcode, byte[] body) {
        Opcode op = Opcode.of(opcode);
        if (op == null) {
            return false;
        }
        try {
            return switch (op) {
                case WRITE -> {
                    WriteRequest w = WriteRequest.decode(Unpooled.wrappedBuffer(body));
                    yield beyond(w.offset(), w.data().readableBytes());
                }
                case TRUNCATE -> beyond(TruncateRequest.decode(Unpooled.wrappedBuffer(body)).size(), 0);
                case TX_STAGE -> TxStageRequest.decode(Unpooled.wrappedBuffer(body), Protocol.DEFAULT_MAX_FRAME_SIZE).ops()
                    .stream().anyMatch(o -> beyond(o.position(), o.truncate() ? 0 : o.data().length));
                default -> false;
            };
        } catch (CageException malformed) {
            return false;
        }
    }

    private static boolean beyond(long position, int length) {
        return position > MAX_SPAN - length; // (a negative one is sent: the node must refuse it)
    }
}
