package dev.cage.server.journal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;

/** Journal entries for tests, at times counted from {@link #T0}. */
final class Entries {
    /** With nanoseconds, to show they are cut to microseconds. */
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 29, 1, 30, 0, 123_456_789, ZoneOffset.UTC);

    private Entries() {
    }

    static OffsetDateTime at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static NamespaceRecord op(NamespaceOp op, String path, OffsetDateTime time) {
        return new NamespaceRecord(time, 7, "alice", "127.0.0.1:50000", op, path);
    }

    static NamespaceRecord checkpoint(OffsetDateTime time) {
        return new NamespaceRecord(time, 0, null, null, NamespaceOp.CHECKPOINT, "");
    }

    static FileRecord write(String path, OffsetDateTime time, int length) {
        return FileRecord.write(time, 7, path, 100, bytes(length, length), bytes(length / 2, -length), 120,
            100 + length);
    }

    /** Alternating kinds, one second apart from {@code T0}: even indexes are writes, odd ones opens. */
    static JournalEntry mixed(int i) {
        return i % 2 == 0 ? write("f/" + i, at(i), 16 + i) : op(NamespaceOp.OPEN, "f/" + i, at(i));
    }

    static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
