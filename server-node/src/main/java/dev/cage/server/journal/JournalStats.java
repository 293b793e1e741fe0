package dev.cage.server.journal;

import java.time.OffsetDateTime;

/**
 * How big the journal is.
 *
 * @param namespaceEntries entries in the general journal
 * @param fileEntries      entries in the per-file journal
 * @param blobBytes        bytes kept in the per-file journal (new and old bytes together)
 * @param oldest           time of the oldest entry, {@code null} when the journal is empty
 * @param newest           time of the newest entry, {@code null} when the journal is empty
 */
public record JournalStats(long namespaceEntries, long fileEntries, long blobBytes, OffsetDateTime oldest,
                           OffsetDateTime newest) {
    public long entries() {
        return namespaceEntries + fileEntries;
    }
}
