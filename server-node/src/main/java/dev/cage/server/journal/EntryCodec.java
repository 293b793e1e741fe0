package dev.cage.server.journal;

import dev.cage.server.wal.LogRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A journal entry as a write-ahead log record: everything its row holds, and a write's bytes after that, so the
 * record alone can rebuild the row after a crash.
 *
 * <pre>
 *   i32   header length H (the bytes that follow, up to the payload)
 *   i64   seq, i64 time (µs since the epoch), i64 session, UTF path
 *   ...   the kind's fields ({@link FileRecord#writeFields}, {@link NamespaceRecord#writeFields})
 *   [i64 index, i32 change, i32 entry]  at a group member: the change of the group's log it records
 *                                       ({@link ChangeOrigin}); absent otherwise (the header ends before it)
 *   [new bytes]  a write's, unless they are a prepared transaction's staged record
 *   [old bytes]  what a write overwrote or a truncate cut off
 * </pre>
 *
 * A {@link FileRecord}'s record has type {@link #FILE_ENTRY}, a {@link NamespaceRecord}'s {@link #NAMESPACE_ENTRY}.
 * Strings are modified UTF-8 ({@link DataOutputStream#writeUTF}); the longest a column allows fits.
 */
final class EntryCodec {
    /** Log record types; stored, never renumber (1 and 2 were format 2's separate payload records). */
    static final int FILE_ENTRY = 4;
    static final int NAMESPACE_ENTRY = 5;
    /** The header length field. */
    private static final int PREFIX = Integer.BYTES;

    private EntryCodec() {
    }

    /** The record type for {@code entry}. */
    static int type(JournalEntry entry) {
        return entry instanceof FileRecord ? FILE_ENTRY : NAMESPACE_ENTRY;
    }

    /**
     * The record's payload as buffers to gather: the header, then the entry's pending bytes as they are (not
     * copied), so they must not change until the record is durable.
     */
    static ByteBuffer[] encode(JournalEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0); // the header length, filled in below
            out.writeLong(entry.getSeq());
            out.writeLong(entry.timeMicros());
            out.writeLong(entry.getSessionId());
            out.writeUTF(entry.getPath());
            if (entry instanceof FileRecord f) {
                f.writeFields(out);
            } else {
                ((NamespaceRecord) entry).writeFields(out);
            }
            ChangeOrigin origin = entry.getOrigin();
            if (origin != null) {
                out.writeLong(origin.index());
                out.writeInt(origin.change());
                out.writeInt(origin.entry());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        ByteBuffer header = ByteBuffer.wrap(bytes.toByteArray());
        header.putInt(0, header.capacity() - PREFIX);
        if (entry instanceof FileRecord f) {
            return new ByteBuffer[] {header, wrap(f.pendingNewBytes()), wrap(f.pendingOldBytes())};
        }
        return new ByteBuffer[] {header};
    }

    /** Whether {@code record} holds an entry (rather than staged bytes, say). */
    static boolean isEntry(LogRecord record) {
        return record.type() == FILE_ENTRY || record.type() == NAMESPACE_ENTRY;
    }

    /**
     * The entry an entry record describes, with its seq and its positions in the log, as its row was to be.
     *
     * @throws IllegalArgumentException if the record is not an entry, or does not decode as one
     */
    static JournalEntry decode(LogRecord record) {
        if (!isEntry(record)) {
            throw new IllegalArgumentException("not a journal entry record: type " + record.type() + " at "
                + record.position());
        }
        ByteBuffer payload = record.payload();
        byte[] header = new byte[headerLength(record)];
        payload.get(payload.position() + PREFIX, header);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(header))) {
            long seq = in.readLong();
            long time = in.readLong();
            long session = in.readLong();
            String path = in.readUTF();
            long position = record.position().toLong();
            JournalEntry e = record.type() == FILE_ENTRY
                ? FileRecord.readFields(time, session, path, in, position)
                : NamespaceRecord.readFields(time, session, path, in, position);
            if (in.available() > 0) {
                e.recordsChange(new ChangeOrigin(in.readLong(), in.readInt(), in.readInt()));
            }
            e.assignSeq(seq);
            return e;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the journal entry record at " + record.position() + " does not decode: "
                + e, e);
        }
    }

    /** Where a file entry record's bytes start: right after its header. */
    static int payloadStart(LogRecord record) {
        return PREFIX + headerLength(record);
    }

    private static int headerLength(LogRecord record) {
        ByteBuffer payload = record.payload();
        if (payload.remaining() < PREFIX) {
            throw new IllegalArgumentException("the journal entry record at " + record.position() + " is too short");
        }
        int length = payload.getInt(payload.position());
        if (length < 0 || length > payload.remaining() - PREFIX) {
            throw new IllegalArgumentException("the journal entry record at " + record.position()
                + " has a header of " + length + " bytes in " + payload.remaining());
        }
        return length;
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes == null ? new byte[0] : bytes);
    }
}
