package dev.cage.api;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node's operation journal, from {@link CageConnection#journal(String)}: a file's history, rollback of a file or
 * a subtree to an instant, and the journal's size. Needs the admin role. Every call goes through the connection
 * it came from, so it fails as that connection does (once it is closed, with {@link ChannelClosedException}).
 */
public interface CageJournal {

    /** What a journal holds; {@code oldest} and {@code newest} are {@code null} when it is empty. */
    record Summary(long namespaceEntries, long fileEntries, long blobBytes, Instant oldest, Instant newest,
                   long lastCheckpointSeq) {

        /** All entries, namespace and file ones. */
        public long entries() {
            return namespaceEntries + fileEntries;
        }
    }

    /**
     * Streams the entries about {@code pathPrefix} (a file, or a directory and all under it; {@code ""} for
     * everything) journaled in [from, to), oldest first; {@code null} leaves a bound open.
     *
     * @param withBytes also fetch the bytes each write wrote
     */
    void forEach(String pathPrefix, Instant from, Instant to, boolean withBytes, Consumer<JournalEntryInfo> action)
        throws CageException;

    /** The entries {@link #forEach} would stream, without data bytes. */
    List<JournalEntryInfo> list(String pathPrefix, Instant from, Instant to) throws CageException;

    /**
     * Rolls a file (or, with {@code subtree}, a directory and everything under it) back to how it was at {@code to}:
     * bytes, sizes, names and existence. The rollback is journaled too, so it can be undone. Refused with
     * {@link FileBusyException} while another session has an affected file open for writing.
     *
     * @return the number of undo steps the node took
     */
    int rollback(String path, boolean subtree, Instant to) throws CageException;

    /** The journal's size and time span. */
    Summary stats() throws CageException;

    /**
     * A file's bytes as they were at {@code at}, rebuilt by the node from its bytes now and the journal (nothing
     * changes); empty if it did not exist then. Refused ({@link InvalidArgumentException}) for a file renamed or
     * removed since, or one larger than {@code maxBytes}.
     */
    java.util.Optional<byte[]> readAsOf(String path, Instant at, int maxBytes) throws CageException;
}
