package dev.cage.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a node has served since it started, for its admin. Every counter is exact: each is bumped once per
 * request, by whichever worker or event-loop thread ran it, on a {@link LongAdder} so that many threads
 * counting at once do not contend. A reader's sums may be mid-way through a concurrent request, never
 * behind one that was answered before it asked.
 */
final class NodeCounters {
    private final LongAdder requests = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder heldReplies = new LongAdder();

    /** A data-port request is about to run. */
    void request() {
        requests.increment();
    }

    /** A READ was answered from disk with {@code bytes} bytes. */
    void read(int bytes) {
        reads.increment();
        bytesRead.add(bytes);
    }

    /** A WRITE of {@code bytes} bytes was applied. */
    void wrote(int bytes) {
        writes.increment();
        bytesWritten.add(bytes);
    }

    /** A reply that shows a change waited for other clients to drop the bytes the change replaced. */
    void heldReply() {
        heldReplies.increment();
    }

    long heldReplies() {
        return heldReplies.sum();
    }

    long requests() {
        return requests.sum();
    }

    long reads() {
        return reads.sum();
    }

    long bytesRead() {
        return bytesRead.sum();
    }

    long writes() {
        return writes.sum();
    }

    long bytesWritten() {
        return bytesWritten.sum();
    }
}
