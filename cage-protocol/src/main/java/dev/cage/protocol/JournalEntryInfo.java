package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import java.time.Instant;

/**
 * One journal entry as the node reports it to an admin client.
 *
 * @param seq       position in the node's single journal order
 * @param time      when the node journaled it
 * @param sessionId the session that made the change (0 for the node itself)
 * @param user      the user of that session ({@code ""} for file entries)
 * @param op        {@code WRITE}, {@code TRUNCATE}, {@code READ}, or a namespace operation such as {@code RENAME}
 * @param path      the path (relative to the root) at the time
 * @param path2     a rename's target, else {@code ""}
 * @param outcome   {@code OK} or a failure
 * @param offset    a write's offset, a read's offset
 * @param length    bytes written or read
 * @param oldSize   the file's size before
 * @param newSize   the file's size after
 * @param newBytes  the bytes written, when asked for (else empty)
 */
public record JournalEntryInfo(long seq, Instant time, long sessionId, String user, String op, String path, String path2,
                               String outcome, long offset, long length, long oldSize, long newSize, byte[] newBytes) {

    public boolean isFileChange() {
        return op.equals("WRITE") || op.equals("TRUNCATE");
    }

    public void writeTo(ByteBuf out) {
        out.writeLong(seq).writeLong(micros(time)).writeLong(sessionId);
        Wire.writeString(out, user);
        Wire.writeString(out, op);
        Wire.writeString(out, path);
        Wire.writeString(out, path2);
        Wire.writeString(out, outcome);
        out.writeLong(offset).writeLong(length).writeLong(oldSize).writeLong(newSize);
        Wire.writeBytes(out, newBytes);
    }

    public static JournalEntryInfo readFrom(ByteBuf in) throws ProtocolException {
        long seq = Wire.readLong(in);
        Instant time = fromMicros(Wire.readLong(in));
        long session = Wire.readLong(in);
        String user = Wire.readString(in);
        String op = Wire.readString(in);
        String path = Wire.readString(in);
        String path2 = Wire.readString(in);
        String outcome = Wire.readString(in);
        long offset = Wire.readLong(in);
        long length = Wire.readLong(in);
        long oldSize = Wire.readLong(in);
        long newSize = Wire.readLong(in);
        return new JournalEntryInfo(seq, time, session, user, op, path, path2, outcome, offset, length, oldSize, newSize,
            Wire.readBytes(in, Integer.MAX_VALUE));
    }

    /** The wire size of this entry, to know whether it still fits in a reply. */
    public int wireSize() {
        return 200 + path.length() * 3 + path2.length() * 3 + user.length() * 3 + outcome.length() * 3 + newBytes.length;
    }

    public static long micros(Instant t) {
        long secs = t.getEpochSecond();
        long micros = t.getNano() / 1_000;
        if (secs < 0 && micros > 0) {
            // As Instant.toEpochMilli does: the most negative instant that fits must not overflow on the way
            return Math.addExact(Math.multiplyExact(secs + 1, 1_000_000L), micros - 1_000_000L);
        }
        return Math.addExact(Math.multiplyExact(secs, 1_000_000L), micros);
    }

    public static Instant fromMicros(long us) {
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000L);
    }
}
