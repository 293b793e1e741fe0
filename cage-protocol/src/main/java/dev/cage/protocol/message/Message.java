package dev.cage.protocol.message;

import io.netty.buffer.ByteBuf;

/** A frame body that writes its own fields. */
public interface Message {
    /** Appends this message's fields to {@code out}; does not change any buffer the message holds. */
    void encode(ByteBuf out);
}
