package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/** The int32 count in front of a list: checked against what is left, so a lying count cannot make us allocate. */
final class Counts {
    private Counts() {
    }

    static int read(ByteBuf in, int minEntryBytes, String what) throws ProtocolException {
        int n = Wire.readInt(in);
        if (n < 0 || n > in.readableBytes() / minEntryBytes) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "a list of " + n + " " + what + " does not fit its frame");
        }
        return n;
    }
}
