package dev.cage.server;

import dev.cage.protocol.Frame;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.message.ReadRequest;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;

/**
 * Back-pressure for one data connection. A request goes in while the bytes of the connection's requests in the node
 * (each one's body and the reply it asks for, until that reply is handed to the connection) fit its budget and the
 * node's, and the connection still takes what it is sent (Netty's writability). Otherwise it waits here, in order,
 * and once {@link #QUEUE_BYTES} of them wait the connection stops reading: a client that sends requests and never
 * reads the answers holds at most its budget, the connection's write buffer, the queue and one read's worth of frames.
 * Until the queue is full the connection keeps reading, so a client's acknowledgements of invalidations (which never
 * wait here) still arrive while its own reads wait for them. Everything but {@link #wake} runs on the event loop.
 */
final class RequestGate {
    private final Channel channel;
    private final long budget;
    private final PendingBudget node;
    private final ObjLongConsumer<Frame> dispatch;
    private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
    /** Frame bytes that may wait before the connection stops reading. */
    static final long QUEUE_BYTES = 1 << 20;

    private final AtomicLong mine = new AtomicLong();
    private long queued;
    private volatile boolean paused;

    /** @param dispatch runs a request that got in, with its cost, to be given back by {@link #done} when answered */
    RequestGate(Channel channel, long budget, PendingBudget node, ObjLongConsumer<Frame> dispatch) {
        this.channel = channel;
        this.budget = budget;
        this.node = node;
        this.dispatch = dispatch;
    }

    void offer(Frame f) {
        if (waiting.isEmpty() && !full()) {
            let(f);
            return;
        }
        waiting.add(f);
        queued += f.body().readableBytes();
        if (!paused) {
            // Paused before the budgets are looked at again: a request finishing meanwhile sees it and wakes the gate.
            paused = true;
            node.await(this);
        }
        if (queued > QUEUE_BYTES) {
            channel.config().setAutoRead(false);
        }
        drain();
    }

    /** A request's reply was handed to the connection (or it failed): its bytes are free again. */
    void done(long cost) {
        mine.addAndGet(-cost);
        node.give(cost);
        if (paused) {
            wake();
        }
    }

    /** Lets waiting requests in again, on the event loop, as far as the budgets allow. */
    void wake() {
        channel.eventLoop().execute(this::drain);
    }

    /** The connection became writable again (or not). */
    void writabilityChanged() {
        if (paused && channel.isWritable()) {
            drain();
        }
    }

    private void drain() {
        while (!waiting.isEmpty() && !full()) {
            Frame f = waiting.poll();
            queued -= f.body().readableBytes();
            let(f);
        }
        if (queued <= QUEUE_BYTES && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        if (waiting.isEmpty() && paused) {
            paused = false;
            node.stopWaiting(this);
        }
    }

    private void let(Frame f) {
        long cost = cost(f);
        mine.addAndGet(cost);
        node.take(cost);
        dispatch.accept(f, cost);
    }

    private boolean full() {
        return mine.get() >= budget || node.spent() || !channel.isWritable();
    }

    /** The connection closed: the requests still waiting are dropped. */
    void close() {
        node.stopWaiting(this);
        Frame f;
        while ((f = waiting.poll()) != null) {
            f.release();
        }
    }

    /** What a request holds in the node: its body, and the bytes a READ asks for. */
    static long cost(Frame f) {
        long body = f.body().readableBytes();
        if (f.opcode() == Opcode.READ) {
            OptionalInt length = ReadRequest.peekLength(f.body());
            return body + Math.max(0, length.orElse(0));
        }
        return body;
    }
}
