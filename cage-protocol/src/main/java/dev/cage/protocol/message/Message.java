package dev.cage.protocol.message;

import io.netty.buffer.ByteBuf;

/** A frame body that writes its own fields. */
public interface Message {
    /** Appends this message's fields to {@code out}; does not change any buffer the message holds. */
    void encode(ByteBuf out);

    /**
     * About how many bytes {@link #encode} writes: the buffer a sender allocates for it. A message carrying bulk data
     * says its exact size, so a 1 MiB write is encoded into one buffer instead of one grown by copying ten times.
     */
    default int sizeHint() {
        return 256;
    }
}
