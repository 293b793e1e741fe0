package dev.cage.server;

import dev.cage.protocol.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What applying a {@link ReplicatedChange} came to, as the applying member tells the leader's waiting request:
 * done (with the file's new version and size and the bytes that changed, for a write or truncate), or refused with
 * a status and message. Every member comes to the same answer, since each applies the same changes in the same order.
 */
record ChangeAnswer(Status status, String message, long version, long size, long from, long to) {
    static final ChangeAnswer DONE = new ChangeAnswer(Status.OK, null, 0, 0, 0, 0);

    static ChangeAnswer of(Change c) {
        return new ChangeAnswer(Status.OK, null, c.version(), c.size(), c.offset(), c.offset() + c.length());
    }

    /** A write or truncate that changed nothing (a truncate to the size the file has). */
    static ChangeAnswer unchanged(long version, long size) {
        return new ChangeAnswer(Status.OK, null, version, size, 0, 0);
    }

    static ChangeAnswer refused(Status status, String message) {
        return new ChangeAnswer(status, message, 0, 0, 0, 0);
    }

    boolean changed() {
        return to > from;
    }

    byte[] encode() {
        byte[] m = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + 32 + 4 + m.length).putInt(status.code())
            .putLong(version).putLong(size).putLong(from).putLong(to).putInt(m.length).put(m).array();
    }

    static ChangeAnswer decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Status status = Status.of(b.getInt());
        long version = b.getLong();
        long size = b.getLong();
        long from = b.getLong();
        long to = b.getLong();
        byte[] m = new byte[b.getInt()];
        b.get(m);
        return new ChangeAnswer(status, m.length == 0 ? null : new String(m, StandardCharsets.UTF_8), version, size, from, to);
    }
}
