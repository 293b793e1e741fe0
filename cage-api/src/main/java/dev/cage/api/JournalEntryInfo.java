package dev.cage.api;

import java.time.Instant;

/**
 * One entry of a node's operation journal, as {@link CageJournal} reports it.
 *
 * @param seq       position in the node's single journal order
 * @param time      when the node journaled it
 * @param sessionId the session that made the change (0 for the node itself)
 * @param user      the user of that session ({@code ""} for file entries)
 * @param op        {@code WRITE}, {@code TRUNCATE}, {@code READ}, or a namespace operation such as {@code RENAME}
 * @param path      the path (relative to the root) at the time
 * @param path2     a rename's target, else {@code ""}
 * @param outcome   {@code OK} or a failure
 * @param offset    a write's or a read's offset
 * @param length    bytes written or read
 * @param oldSize   the file's size before
 * @param newSize   the file's size after
 * @param newBytes  the bytes written, when asked for (else empty)
 */
public record JournalEntryInfo(long seq, Instant time, long sessionId, String user, String op, String path,
                               String path2, String outcome, long offset, long length, long oldSize, long newSize,
                               byte[] newBytes) {

    /** Whether the entry changed a file's bytes or size ({@code WRITE}, {@code TRUNCATE}). */
    public boolean isFileChange() {
        return op.equals("WRITE") || op.equals("TRUNCATE");
    }
}
