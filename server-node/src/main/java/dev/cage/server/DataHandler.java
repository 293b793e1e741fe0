package dev.cage.server;

import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.FrameDecoder;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Status;
import dev.cage.protocol.message.AttachReply;
import dev.cage.protocol.message.AttachRequest;
import dev.cage.protocol.message.FileRequest;
import dev.cage.protocol.message.PathRequest;
import dev.cage.protocol.message.ReadRequest;
import dev.cage.protocol.message.Replies;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A data-port connection: HELLO, ATTACH with the session's token, then file operations. Requests are
 * decoded on the event loop and run on worker threads: operations on an open file on that file's lane
 * (in order, never overlapping), everything else on the namespace lane. A request whose body does not
 * parse ends the session; a failed operation only fails that request.
 */
final class DataHandler extends ProtocolHandler {
    /** Reads up to this size may run on the event loop when their file is idle. */
    static final int INLINE_READ_MAX = 64 * 1024;

    private final DataPlane plane;
    private final int sessionMaxFrame;
    private Session session;
    private RequestGate gate;
    private ScheduledFuture<?> attachDeadline;

    DataHandler(int maxFrameSize, DataPlane plane) {
        super(maxFrameSize);
        this.plane = plane;
        this.sessionMaxFrame = maxFrameSize;
    }

    /**
     * A real client connects here after it got its token, so it attaches within the token's lifetime of
     * connecting or never; a connection that has not by then is a stranger and is closed, as the main port
     * closes a login that takes too long.
     */
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        long ttl = plane.sessions.tokenTtl().toMillis();
        attachDeadline = ctx.executor().schedule(() -> {
            if (session == null) {
                failAndClose(ctx, Protocol.UNSOLICITED, Status.TOKEN_INVALID, "no ATTACH with a valid token within " + ttl + " ms");
            }
        }, ttl, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, Frame f) throws Exception {
        if (session == null) {
            attach(ctx, f);
            return;
        }
        if (f.opcode() == Opcode.RESPONSE) {
            // The client's answer to an INVALIDATE this node pushed.
            session.acknowledge(f.requestId());
            f.release();
            return;
        }
        gate.offer(f);
    }

    /** Runs a request the {@link RequestGate} let in; {@code cost} goes back to the gate once it is answered. */
    private void dispatch(ChannelHandlerContext ctx, Frame f, long cost) {
        if (session.ended()) {
            f.release();
            gate.done(cost);
            return;
        }
        session.touch(plane.sessions.now());
        if (!plane.enter()) {
            f.release();
            gate.done(cost);
            ctx.writeAndFlush(Responses.error(ctx.alloc(), f.requestId(), Status.SHUTTING_DOWN, "the node is shutting down"));
            return;
        }
        Frame refused = refusedByGroup(ctx, f);
        if (refused != null) {
            finish(cost);
            f.release();
            ctx.writeAndFlush(refused);
            return;
        }
        Executor lane;
        OpenFile file = null;
        if (FileRequest.takesHandle(f.opcode())) {
            long handle;
            try {
                handle = FileRequest.peekHandle(f.opcode(), f.body());
            } catch (ProtocolException e) {
                finish(cost);
                f.release();
                failAndClose(ctx, f.requestId(), e.status(), e.getMessage());
                return;
            }
            file = session.files().get(handle);
            if (file == null) {
                finish(cost);
                f.release();
                ctx.writeAndFlush(Responses.error(ctx.alloc(), f.requestId(), Status.CHANNEL_CLOSED,
                    "no open channel with handle " + handle + ": it was closed, or its session ended"));
                return;
            }
            lane = file.file().lane();
        } else {
            lane = plane.namespaceLane;
        }
        OpenFile target = file;
        Session s = session;
        Runnable task = () -> run(ctx, s, target, f, cost);
        // (Not in a group: a read there may wait for the leader to confirm its lead, which is no work for an event loop.)
        if (target != null && plane.group == null && isSmallRead(f) && target.file().lane().runIfIdle(task)) {
            return; // answered here, on the event loop: two thread hand-offs fewer for the common small read
        }
        lane.execute(task);
    }

    /** A request is answered (or failed): the node and the connection's budget take it back. */
    private void finish(long cost) {
        plane.exit();
        gate.done(cost);
    }

    /**
     * In a replicated group: the refusal of a request this member must not serve (it is not the ready leader; admin
     * requests are answered by any member, reads of a follower-read session too); {@code null} to go on.
     */
    private Frame refusedByGroup(ChannelHandlerContext ctx, Frame f) {
        if (plane.group == null || isAdmin(f.opcode())) {
            return null;
        }
        String notServing = plane.notServing();
        if (notServing == null || session.followerReads() && !plane.witness() && FollowerReads.mayAsk(f.opcode())) {
            return null;
        }
        return Responses.error(ctx.alloc(), f.requestId(), Status.NOT_LEADER, session.followerReads()
            ? notServing + "; a follower-read session changes nothing at a member that does not lead" : notServing);
    }

    /** A READ of at most {@link #INLINE_READ_MAX} bytes: short enough to serve on the event loop. */
    private static boolean isSmallRead(Frame f) {
        if (f.opcode() != Opcode.READ) {
            return false;
        }
        OptionalInt length = ReadRequest.peekLength(f.body());
        return length.isPresent() && length.getAsInt() <= INLINE_READ_MAX;
    }

    private void run(ChannelHandlerContext ctx, Session s, OpenFile file, Frame f, long cost) {
        String path = file != null ? file.file().key() : isTransaction(f.opcode()) ? "(transaction)" : firstPathField(f);
        boolean deferred = false;
        try {
            if (s.ended()) {
                throw new ChannelClosedException("the session has ended");
            }
            plane.counters.request();
            if (file == null && isTransaction(f.opcode())) {
                TransactionService.Reply tx = plane.transactions.handle(s, f, ctx.alloc());
                if (tx.applied() == null) {
                    ctx.writeAndFlush(tx.frame());
                    return;
                }
                // A commit is acknowledged once no other client can serve the old bytes; its file lanes stay held
                // until then, so no reader anywhere sees part of it.
                deferred = true;
                broadcastAll(s, tx.applied().changes, () -> {
                    tx.applied().release();
                    sendWhenSettled(ctx, tx.applied().changes.stream().map(Change::file).toList(), tx.frame(), cost);
                });
                return;
            }
            if (file == null) {
                ctx.writeAndFlush(isAdmin(f.opcode()) ? plane.admin.handle(s, f, ctx.alloc()) : plane.files.namespace(s, f, ctx.alloc()));
                return;
            }
            FileService.Reply reply = plane.files.onFile(s, file, f, ctx.alloc());
            deferred = true;
            if (reply.change() == null) {
                if (reply.showsFile()) {
                    sendWhenSettled(ctx, List.of(file.file()), reply.frame(), cost);
                } else {
                    send(ctx, reply.frame(), cost);
                }
                return;
            }
            // The writer hears "done" only once no other client can still serve the old bytes.
            plane.invalidator.broadcast(s, reply.change(), () -> sendWhenSettled(ctx, List.of(file.file()), reply.frame(), cost));
        } catch (ProtocolException e) {
            // The body did not parse: the client and the node disagree on the layout, so the session ends.
            failAndClose(ctx, f.requestId(), e.status(), e.getMessage());
        } catch (Exception | Error e) {
            ErrorMapping.Mapped m = ErrorMapping.map(e, path);
            ctx.writeAndFlush(Responses.error(ctx.alloc(), f.requestId(), m.status(), m.message()));
        } finally {
            f.release();
            if (!deferred) {
                finish(cost);
            }
        }
    }

    /**
     * Sends a reply that shows {@code files} as they are now once no change to them is {@linkplain PendingChanges
     * pending} any more: at once, unless another client may still serve bytes a change replaced.
     */
    private void sendWhenSettled(ChannelHandlerContext ctx, List<FileState> files, Frame reply, long cost) {
        for (int i = 0; i < files.size(); i++) {
            List<FileState> rest = files.subList(i + 1, files.size());
            if (files.get(i).pending().deferIfPending(() -> sendWhenSettled(ctx, rest, reply, cost))) {
                plane.counters.heldReply();
                return;
            }
        }
        send(ctx, reply, cost);
    }

    private void send(ChannelHandlerContext ctx, Frame reply, long cost) {
        ctx.writeAndFlush(reply);
        finish(cost);
    }

    /** Runs {@code then} once every other opener of every changed file has dropped the changed ranges. */
    private void broadcastAll(Session s, java.util.List<Change> changes, Runnable then) {
        if (changes.isEmpty()) {
            then.run();
            return;
        }
        java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger(changes.size());
        for (Change c : changes) {
            plane.invalidator.broadcast(s, c, () -> {
                if (waiting.decrementAndGet() == 0) {
                    then.run();
                }
            });
        }
    }

    private static boolean isTransaction(Opcode op) {
        return switch (op) {
            case TX_STAGE, TX_PREPARE, TX_COMMIT, TX_ROLLBACK, TX_RECOVER -> true;
            default -> false;
        };
    }

    private void attach(ChannelHandlerContext ctx, Frame f) throws ProtocolException {
        try {
            if (f.opcode() != Opcode.ATTACH) {
                throw new ProtocolException(Status.UNEXPECTED_MESSAGE,
                    "expected ATTACH with a session token, got " + f.opcode());
            }
            AttachRequest request = AttachRequest.decode(f.body());
            int port = ((InetSocketAddress) ctx.channel().localAddress()).getPort();
            Session s = plane.sessions.claim(request.token(), port);
            if (s == null || !s.attach(ctx.channel(), request.followerReads())) { // attach is atomic: a token works for one connection only
                failAndClose(ctx, f.requestId(), Status.TOKEN_INVALID,
                    "token refused: unknown, expired, already used, or meant for another data port");
                return;
            }
            s.touch(plane.sessions.now());
            session = s;
            gate = new RequestGate(ctx.channel(), plane.connectionBudget, plane.pending, (r, cost) -> dispatch(ctx, r, cost));
            plane.journal.note(s, dev.cage.server.journal.NamespaceOp.SESSION_START, "", null);
            attachDeadline.cancel(false);
            // Until now the connection was a stranger held to the login frame limit (CageNode.LOGIN_MAX_FRAME).
            ctx.pipeline().get(FrameDecoder.class).maxFrameSize(sessionMaxFrame);
            ctx.writeAndFlush(Replies.ok(ctx.alloc(), f.requestId(), 8, new AttachReply(s.id())));
        } finally {
            f.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (attachDeadline != null) {
            attachDeadline.cancel(false);
        }
        if (gate != null) {
            gate.close();
        }
        if (session != null) {
            plane.sessions.end(session, null, null);
            plane.journal.note(session, dev.cage.server.journal.NamespaceOp.SESSION_END, "", null);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (gate != null) {
            gate.writabilityChanged();
        }
        super.channelWritabilityChanged(ctx);
    }

    /** The path a namespace request names first, for error messages; read without consuming the body. */
    private static String firstPathField(Frame f) {
        return PathRequest.peekPath(f.body());
    }

    private static boolean isAdmin(Opcode op) {
        return op == Opcode.ADMIN_SESSIONS || op == Opcode.ADMIN_NODE || op == Opcode.ADMIN_END_SESSION
            || op == Opcode.ADMIN_STATS || op == Opcode.ADMIN_USERS || op == Opcode.ADMIN_USER_PUT
            || op == Opcode.ADMIN_USER_ENABLE || op == Opcode.ADMIN_GROUP || op == Opcode.ADMIN_GROUP_TRANSFER
            || op == Opcode.ADMIN_GROUP_MEMBERS;
    }
}
