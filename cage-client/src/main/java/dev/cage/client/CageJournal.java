package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.JournalEntryInfo;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.message.EmptyRequest;
import dev.cage.protocol.message.JournalQueryReply;
import dev.cage.protocol.message.JournalQueryRequest;
import dev.cage.protocol.message.JournalRollbackReply;
import dev.cage.protocol.message.JournalBranchRequest;
import dev.cage.protocol.message.JournalRollbackRequest;
import dev.cage.protocol.message.JournalReadAsOfReply;
import dev.cage.protocol.message.JournalReadAsOfRequest;
import dev.cage.protocol.message.JournalStatsReply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A server's operation journal, for users with the admin role: its history, rollback of a file or a
 * subtree to an instant, and its size. Obtained from {@link Cage#journal(String)}.
 */
public final class CageJournal {
    /** How long a rollback may run before the client stops waiting for its answer. */
    public static final Duration ROLLBACK_TIMEOUT = Duration.ofMinutes(10);
    private static final int PAGE = 1000;
    private final ServerLink link;

    CageJournal(ServerLink link) {
        this.link = link;
    }

    /** What a journal holds. */
    public record Summary(long namespaceEntries, long fileEntries, long blobBytes, Instant oldest, Instant newest,
                          long lastCheckpointSeq) {
        public long entries() {
            return namespaceEntries + fileEntries;
        }
    }

    /**
     * Streams the entries about {@code pathPrefix} (a file, or a directory and all under it; {@code ""}
     * for everything) journaled in [from, to), oldest first.
     *
     * @param withBytes also fetch the bytes each write wrote (needed to replay it)
     */
    public void forEach(String pathPrefix, Instant from, Instant to, boolean withBytes, Consumer<JournalEntryInfo> action)
        throws CageException {
        long fromUs = from == null ? Long.MIN_VALUE : JournalEntryInfo.micros(from);
        long toUs = to == null ? Long.MAX_VALUE : JournalEntryInfo.micros(to);
        long after = 0;
        boolean more = true;
        while (more) {
            long cursor = after;
            Frame reply = link.call(new JournalQueryRequest(pathPrefix, fromUs, toUs, cursor, PAGE, withBytes), true);
            JournalQueryReply page;
            try {
                page = JournalQueryReply.decode(reply.body());
            } finally {
                reply.release();
            }
            for (JournalEntryInfo e : page.entries()) {
                after = e.seq();
                action.accept(e);
            }
            more = page.more() && !page.entries().isEmpty();
        }
    }

    public List<JournalEntryInfo> list(String pathPrefix, Instant from, Instant to) throws CageException {
        List<JournalEntryInfo> out = new ArrayList<>();
        forEach(pathPrefix, from, to, false, out::add);
        return out;
    }

    /**
     * Rolls a file (or, with {@code subtree}, a directory and everything under it) back to how it was at
     * {@code to}: bytes, sizes, names and existence. The rollback is journaled, so it can be undone by
     * rolling back to an instant before it. Refused with {@code FileBusyException} while another session
     * has an affected file open for writing.
     *
     * @return the number of undo steps the node took
     */
    public int rollback(String path, boolean subtree, Instant to) throws CageException {
        return rollback(path, subtree, to, ProgressListener.NONE);
    }

    /** As {@link #rollback(String, boolean, Instant)}, hearing how many journal entries the node has gone through. */
    public int rollback(String path, boolean subtree, Instant to, ProgressListener progress) throws CageException {
        Frame reply = link.call(() -> new JournalRollbackRequest(path, subtree, JournalEntryInfo.micros(to)), false,
            ROLLBACK_TIMEOUT.toMillis(), (task, done, total) -> progress.progress("rollback", done, total));
        try {
            return JournalRollbackReply.decode(reply.body()).steps();
        } finally {
            reply.release();
        }
    }

    /**
     * Makes {@code to} a writable copy of the file or directory {@code from} as it was at {@code at}: the node copies
     * it as it is now and undoes on the copy every journaled change since (as a rollback would undo it on the
     * original, which stays as it is). Each step is an ordinary journaled change, on every member of a group.
     *
     * @return the number of changes the node made
     * @throws dev.cage.protocol.CageFileNotFoundException if {@code from}, or the directory {@code to} goes in, does not exist
     * @throws dev.cage.protocol.CageFileExistsException if {@code to} exists
     * @throws dev.cage.protocol.InvalidArgumentException if {@code to} would lie inside {@code from}
     */
    public int branch(String from, Instant at, String to, ProgressListener progress) throws CageException {
        Frame reply = link.call(() -> new JournalBranchRequest(from, JournalEntryInfo.micros(at), to), false,
            ROLLBACK_TIMEOUT.toMillis(), (task, done, total) -> progress.progress("branch", done, total));
        try {
            return JournalRollbackReply.decode(reply.body()).steps();
        } finally {
            reply.release();
        }
    }

    /**
     * A file's bytes as they were at {@code at}, rebuilt by the node from its bytes now and the journal (nothing
     * changes); empty if it did not exist then.
     *
     * @throws dev.cage.protocol.InvalidArgumentException if it was renamed or removed since, or is larger than
     *                                                    {@code maxBytes} (or a reply frame)
     */
    public java.util.Optional<byte[]> readAsOf(String path, Instant at, int maxBytes) throws CageException {
        Frame reply = link.call(new JournalReadAsOfRequest(path, JournalEntryInfo.micros(at), maxBytes), true);
        try {
            JournalReadAsOfReply r = JournalReadAsOfReply.decode(reply.body());
            return r.existed() ? java.util.Optional.of(r.content()) : java.util.Optional.empty();
        } finally {
            reply.release();
        }
    }

    public Summary stats() throws CageException {
        Frame reply = link.call(new EmptyRequest(Opcode.JOURNAL_STATS), true);
        try {
            JournalStatsReply st = JournalStatsReply.decode(reply.body());
            return new Summary(st.namespaceEntries(), st.fileEntries(), st.blobBytes(),
                st.oldestMicros() < 0 ? null : JournalEntryInfo.fromMicros(st.oldestMicros()),
                st.newestMicros() < 0 ? null : JournalEntryInfo.fromMicros(st.newestMicros()), st.lastCheckpointSeq());
        } finally {
            reply.release();
        }
    }
}
