package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to JOURNAL_STATS ({@link EmptyRequest}): what the journal holds. Oldest and newest are µs since the
 * epoch, or -1 for an empty journal.
 *
 * <pre>
 * +--------------+----------+--------------+----------+----------+-----------------------+
 * | namespace    | file     | blob bytes   | oldest   | newest   | last checkpoint seq   |
 * | entries      | entries  |              |          |          |                       |
 * | int64        | int64    | int64        | int64    | int64    | int64                 |
 * +--------------+----------+--------------+----------+----------+-----------------------+
 * </pre>
 */
public record JournalStatsReply(long namespaceEntries, long fileEntries, long blobBytes, long oldestMicros,
                                long newestMicros, long lastCheckpointSeq) implements Message {

    @Override
    public void encode(ByteBuf out) {
        out.writeLong(namespaceEntries).writeLong(fileEntries).writeLong(blobBytes).writeLong(oldestMicros)
            .writeLong(newestMicros).writeLong(lastCheckpointSeq);
    }

    public static JournalStatsReply decode(ByteBuf in) throws ProtocolException {
        Wire.need(in, 6 * Long.BYTES);
        JournalStatsReply r = new JournalStatsReply(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
            in.readLong(), in.readLong());
        Wire.end(in);
        return r;
    }
}
