package dev.cage.server;

import dev.cage.protocol.BranchId;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.message.FileRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets a fuzzer name the channels it opened. Handles come from one counter of the whole node, and versions from the
 * clock, so no input could name them twice alike; instead a handle field holding a small number {@code k} is
 * rewritten to the {@code k}-th handle an OPEN of this input returned (0 for the first), and so is TX_STAGE's base
 * version, to the version that OPEN returned (without it every transaction would fail as a conflict). The fields are
 * where the node reads them: the handle at the start of a request on an open file, and in TX_STAGE after the branch
 * id and chunk number, followed by the base version. Any other value is sent as it is.
 */
final class HandleSlots {
    private record Opened(long handle, long version) {
    }

    private final List<Opened> opened = new ArrayList<>();

    void opened(long handle, long version) {
        opened.add(new Opened(handle, version));
    }

    /** The body with its handle (and base version) rewritten where they name a slot; the same array otherwise. */
    byte[] translate(int opcode, byte[] body) {
        Opcode op = Opcode.of(opcode);
        int at = op == null ? -1 : FileRequest.takesHandle(op) ? 0 : op == Opcode.TX_STAGE ? stageHandleAt(body) : -1;
        if (at < 0) {
            return body;
        }
        byte[] copy = body.clone();
        rewrite(copy, at, Opened::handle);
        if (op == Opcode.TX_STAGE) {
            rewrite(copy, at + Long.BYTES, Opened::version);
        }
        return copy;
    }

    private void rewrite(byte[] body, int at, java.util.function.ToLongFunction<Opened> field) {
        if (body.length < at + Long.BYTES) {
            return;
        }
        ByteBuf b = Unpooled.wrappedBuffer(body);
        long slot = b.getLong(at);
        if (slot >= 0 && slot < opened.size()) {
            b.setLong(at, field.applyAsLong(opened.get((int) slot)));
        }
    }

    private static int stageHandleAt(byte[] body) {
        ByteBuf b = Unpooled.wrappedBuffer(body);
        try {
            BranchId.readFrom(b);
        } catch (ProtocolException e) {
            return -1;
        }
        return b.readerIndex() + Integer.BYTES;
    }
}
