package dev.cage.server;

import dev.cage.protocol.Frame;
import dev.cage.protocol.message.ChangedRange;
import dev.cage.protocol.message.InvalidateRequest;
import dev.cage.protocol.Status;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells every other session that has a file open that some of its bytes changed, and holds back the
 * writer's acknowledgement until each of them has answered. So once a write is acknowledged, no client
 * cache can still serve the old bytes. A session that does not answer within the timeout is ended (its
 * cache can no longer be trusted, so it must log in again and revalidate), and the write goes on.
 */
final class Invalidator {
    private static final System.Logger LOG = System.getLogger(Invalidator.class.getName());
    private final FileTable table;
    private final Sessions sessions;
    private final ScheduledExecutorService timer;
    private final Duration ackTimeout;

    Invalidator(FileTable table, Sessions sessions, ScheduledExecutorService timer, Duration ackTimeout) {
        this.table = table;
        this.sessions = sessions;
        this.timer = timer;
        this.ackTimeout = ackTimeout;
    }

    /** Runs {@code then} once every other opener of the changed file has dropped the changed range. */
    void broadcast(Session writer, Change change, Runnable then) {
        List<Session> others = table.otherOpeners(change.file(), writer);
        if (others.isEmpty()) {
            then.run();
            return;
        }
        PendingChanges pending = change.file().pending();
        PendingChanges.Entry entry = pending.add();
        AtomicInteger waiting = new AtomicInteger(others.size());
        AtomicBoolean done = new AtomicBoolean();
        Runnable countDown = () -> {
            if (waiting.decrementAndGet() == 0 && done.compareAndSet(false, true)) {
                pending.answered(entry);
                then.run();
            }
        };
        for (Session s : others) {
            Channel c = s.connection();
            if (c == null || !c.isActive() || s.ended()) {
                countDown.run();
                continue;
            }
            int id = s.expectAck(countDown);
            InvalidateRequest push = new InvalidateRequest(change.range());
            ByteBuf body = c.alloc().buffer(ChangedRange.BYTES);
            push.encode(body);
            c.writeAndFlush(new Frame(push.opcode(), id, body));
            timer.schedule(() -> {
                if (s.awaitingAck(id)) {
                    LOG.log(System.Logger.Level.WARNING, "session {0} did not acknowledge an invalidation of ''{1}'' in {2} ms; ending it",
                        s.id(), change.file().key(), ackTimeout.toMillis());
                    sessions.end(s, Status.SESSION_EXPIRED, "session ended: it did not acknowledge a cache invalidation within "
                        + ackTimeout.toMillis() + " ms");
                }
            }, ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
