package dev.cage.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A change of bytes or names as the leader puts it in the group's log, and as every member applies it: what to do,
 * to which path, and who asked (the session, user and client address the journal records).
 *
 * @param key      the path the change is to, or a transaction's branch
 * @param position a write's offset or a truncate's new size
 * @param data     a write's bytes, or a transaction's ops ({@code null} otherwise)
 * @param key2     a rename's target ({@code null} otherwise)
 * @param trashRef where a removed file is kept for the journal ({@code null} without a journal)
 * @param stamp    the leader's stamp: the version the change gives the files it changes ({@link GroupVersions}); 0 for
 *                 a step of a tree copy, which is no entry of the log
 */
record ReplicatedChange(Kind kind, long sessionId, String user, String address, String key, String key2,
                        long position, byte[] data, String trashRef, long stamp) {
    /**
     * What to do. The transaction kinds name the branch in {@code key}: TX_APPLY (a one-phase commit) and TX_PREPARE
     * carry its ops in {@code data} ({@link TxOpsCodec}); TX_COMMIT and TX_ROLLBACK end a prepared branch. MARK gives a
     * file that has no group-wide id yet one, and its version ({@link GroupVersions}), without changing its bytes.
     */
    enum Kind { WRITE, TRUNCATE, CREATE, MKDIR, REMOVE, RMDIR, RENAME, TX_APPLY, TX_PREPARE, TX_COMMIT, TX_ROLLBACK, MARK }

    static ReplicatedChange of(Session s, Kind kind, String key) {
        return new ReplicatedChange(kind, s.id(), s.user(), String.valueOf(s.clientAddress()), key, null, 0, null, null, 0);
    }

    ReplicatedChange at(long pos, byte[] bytes) {
        return new ReplicatedChange(kind, sessionId, user, address, key, key2, pos, bytes, trashRef, stamp);
    }

    ReplicatedChange to(String target) {
        return new ReplicatedChange(kind, sessionId, user, address, key, target, position, data, trashRef, stamp);
    }

    ReplicatedChange trash(String ref) {
        return new ReplicatedChange(kind, sessionId, user, address, key, key2, position, data, ref, stamp);
    }

    ReplicatedChange stamped(long leaderStamp) {
        return new ReplicatedChange(kind, sessionId, user, address, key, key2, position, data, trashRef, leaderStamp);
    }

    /** The session that asked, as the journal of any member records it. */
    Session origin() {
        return new Session(sessionId, user, false, "", 0, new RecordedAddress(address), 0);
    }

    byte[] encode() {
        byte[][] strings = {utf8(user), utf8(address), utf8(key), utf8(key2), utf8(trashRef)};
        int size = 1 + 8 + 8 + 4 + (data == null ? 0 : data.length) + 8;
        for (byte[] s : strings) {
            size += 4 + (s == null ? 0 : s.length);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) kind.ordinal()).putLong(sessionId).putLong(position);
        for (byte[] s : strings) {
            put(b, s);
        }
        put(b, data);
        b.putLong(stamp);
        return b.array();
    }

    static ReplicatedChange decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Kind kind = Kind.values()[b.get()];
        long session = b.getLong();
        long position = b.getLong();
        String user = string(b);
        String address = string(b);
        String key = string(b);
        String key2 = string(b);
        String trashRef = string(b);
        byte[] data = bytes(b);
        long stamp = b.remaining() >= Long.BYTES ? b.getLong() : 0; // entries logged before stamps had none
        return new ReplicatedChange(kind, session, user, address, key, key2, position, data, trashRef, stamp);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ByteBuffer b, byte[] v) {
        b.putInt(v == null ? -1 : v.length);
        if (v != null) {
            b.put(v);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        byte[] v = new byte[n];
        b.get(v);
        return v;
    }

    private static String string(ByteBuffer b) {
        byte[] v = bytes(b);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** A client address as recorded by the leader; members that apply the change never talk to it. */
    private static final class RecordedAddress extends java.net.SocketAddress {
        private static final long serialVersionUID = 1L;
        private final String text;

        RecordedAddress(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
