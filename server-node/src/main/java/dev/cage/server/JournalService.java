package dev.cage.server;

import dev.cage.protocol.AuthenticationException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.JournalEntryInfo;
import dev.cage.protocol.ServerErrorException;
import dev.cage.protocol.Status;
import dev.cage.protocol.message.EmptyRequest;
import dev.cage.protocol.message.JournalQueryReply;
import dev.cage.protocol.message.JournalReadAsOfReply;
import dev.cage.protocol.message.JournalReadAsOfRequest;
import dev.cage.protocol.message.JournalQueryRequest;
import dev.cage.protocol.message.JournalRollbackReply;
import dev.cage.protocol.message.JournalBranchRequest;
import dev.cage.protocol.message.JournalRollbackRequest;
import dev.cage.protocol.message.JournalStatsReply;
import dev.cage.protocol.message.Progress;
import dev.cage.protocol.message.Replies;
import dev.cage.server.journal.FileRecord;
import dev.cage.server.journal.JournalEntry;
import dev.cage.server.journal.JournalStats;
import dev.cage.server.journal.NamespaceRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The admin-only journal operations of the data port: query, rollback, statistics, a file as of an instant. */
final class JournalService {
    private final Journaling journal;
    private final FileTable table;
    private final RootJail jail;
    private final int maxFrameSize;
    /** The group's log in a replicated group (a rollback's steps go through it), else {@code null}. */
    private final java.util.function.Supplier<Replication> replication;

    JournalService(Journaling journal, FileTable table, RootJail jail, int maxFrameSize,
                   java.util.function.Supplier<Replication> replication) {
        this.replication = replication;
        this.journal = journal;
        this.table = table;
        this.jail = jail;
        this.maxFrameSize = maxFrameSize;
    }

    Frame handle(Session s, Frame req, ByteBufAllocator alloc) throws IOException {
        if (!s.admin()) {
            throw new AuthenticationException(Status.ACCESS_DENIED, "user '" + s.user() + "' may not use the journal: it needs the admin role");
        }
        if (!journal.enabled()) {
            throw new ServerErrorException(Status.JOURNAL_UNAVAILABLE, "this node runs without a journal");
        }
        ByteBuf in = req.body();
        return switch (req.opcode()) {
            case JOURNAL_QUERY -> query(JournalQueryRequest.decode(in), req.requestId(), alloc);
            case JOURNAL_ROLLBACK -> rollback(s, JournalRollbackRequest.decode(in), req.requestId(), alloc);
            case JOURNAL_BRANCH -> branch(s, JournalBranchRequest.decode(in), req.requestId(), alloc);
            case JOURNAL_READ_AS_OF -> {
                JournalReadAsOfRequest r = JournalReadAsOfRequest.decode(in);
                int max = Math.max(0, Math.min(r.maxBytes(), maxFrameSize - 64));
                ReadAsOf.Result then = new ReadAsOf(journal).read(jail.key(r.path()),
                    OffsetDateTime.ofInstant(JournalEntryInfo.fromMicros(r.atMicros()), ZoneOffset.UTC), max);
                byte[] content = then.content() == null ? new byte[0] : then.content();
                yield Replies.ok(alloc, req.requestId(), content.length + 8,
                    new JournalReadAsOfReply(then.content() != null, content));
            }
            case JOURNAL_STATS -> {
                EmptyRequest.decode(req.opcode(), in);
                JournalStats st = journal.store().stats();
                yield Replies.ok(alloc, req.requestId(), 48, new JournalStatsReply(st.namespaceEntries(), st.fileEntries(),
                    st.blobBytes(), st.oldest() == null ? -1 : micros(st.oldest()),
                    st.newest() == null ? -1 : micros(st.newest()), journal.store().lastCheckpointSeq()));
            }
            default -> throw new IllegalStateException(req.opcode() + " is not a journal operation");
        };
    }

    /** Rolls back, telling the client how far it has come by PROGRESS frames carrying the request's id. */
    private Frame rollback(Session s, JournalRollbackRequest req, int id, ByteBufAllocator alloc) throws IOException {
        String key = jail.key(req.path());
        Rollback r = new Rollback(journal, table, s, key, req.subtree(), undoSteps(s));
        return Replies.ok(alloc, id, 4, new JournalRollbackReply(r.run(instant(req.toMicros()), progressTo(s, id))));
    }

    /** Makes a branch, reporting progress as a rollback does. */
    private Frame branch(Session s, JournalBranchRequest req, int id, ByteBufAllocator alloc) throws IOException {
        String from = jail.key(req.from());
        String to = jail.key(req.to());
        jail.resolveKey(from, req.from());
        jail.resolveKey(to, req.to());
        Rollback b = Rollback.branch(journal, table, s, from, to, undoSteps(s));
        return Replies.ok(alloc, id, 4, new JournalRollbackReply(b.run(instant(req.atMicros()), progressTo(s, id))));
    }

    /** Undo steps to this node's tree, or in a group through the group's log. */
    private UndoSteps undoSteps(Session s) {
        Replication group = replication.get();
        return group == null ? new LocalUndo(journal, s) : new ReplicatedUndo(group, journal, s);
    }

    private static OffsetDateTime instant(long micros) {
        return OffsetDateTime.ofInstant(JournalEntryInfo.fromMicros(micros), ZoneOffset.UTC);
    }

    private static Rollback.Progress progressTo(Session s, int id) {
        return (done, total) -> {
            io.netty.channel.Channel c = s.connection();
            if (c != null && c.isActive()) {
                ByteBuf p = c.alloc().buffer(Progress.BYTES);
                new Progress(done, total).encode(p);
                c.writeAndFlush(new Frame(dev.cage.protocol.Opcode.PROGRESS, id, p));
            }
        };
    }

    private Frame query(JournalQueryRequest req, int id, ByteBufAllocator alloc) throws IOException {
        String prefix = jail.key(req.pathPrefix());
        long from = req.fromMicros();
        long to = req.toMicros();
        long after = req.afterSeq();
        int limit = Math.max(1, Math.min(10_000, req.limit()));
        boolean withBytes = req.withBytes();
        List<JournalEntryInfo> page = new ArrayList<>();
        int[] room = {maxFrameSize - 64};
        boolean[] more = {false};
        try {
            journal.store().forEachInWindow(after, from, to, e -> {
                if (!under(e, prefix)) {
                    return;
                }
                JournalEntryInfo info = info(e, withBytes ? journal.store().payloads() : null);
                if (page.size() >= limit || (info.wireSize() > room[0] && !page.isEmpty())) {
                    more[0] = true;
                    throw new PageFull();
                }
                room[0] -= info.wireSize();
                page.add(info);
            });
        } catch (PageFull full) {
            // the page is as large as a frame allows; the client asks again after the last seq
        }
        return Replies.ok(alloc, id, maxFrameSize - room[0] + 16, new JournalQueryReply(page, more[0]));
    }

    private static boolean under(JournalEntry e, String prefix) {
        if (prefix.isEmpty()) {
            return true;
        }
        String p2 = e instanceof NamespaceRecord n ? n.getPath2() : null;
        return matches(e.getPath(), prefix) || matches(p2, prefix);
    }

    private static boolean matches(String p, String prefix) {
        return p != null && (p.equals(prefix) || p.startsWith(prefix + "/"));
    }

    /** @param payloads where to read a write's bytes from, or {@code null} for an entry without them */
    private static JournalEntryInfo info(JournalEntry e, dev.cage.server.journal.JournalPayloads payloads) {
        java.time.Instant t = e.getTime().toInstant();
        if (e instanceof FileRecord f) {
            byte[] bytes = payloads != null && f.hasNewBytes() ? payloads.newBytes(f) : new byte[0];
            return new JournalEntryInfo(f.getSeq(), t, f.getSessionId(), "", f.getOp().name(), f.getPath(), "", "OK",
                f.getOffset(), f.getLength(), f.getOldSize(), f.getNewSize(), bytes);
        }
        NamespaceRecord n = (NamespaceRecord) e;
        return new JournalEntryInfo(n.getSeq(), t, n.getSessionId(), n.getUser(), n.getOp().name(), n.getPath(),
            n.getPath2() == null ? "" : n.getPath2(), n.getOutcome(), 0, 0, 0, 0, new byte[0]);
    }

    private static long micros(OffsetDateTime t) {
        return JournalEntryInfo.micros(t.toInstant());
    }

    /** Stops paging once a reply is full. */
    private static final class PageFull extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PageFull() {
            super(null, null, false, false);
        }
    }

}
