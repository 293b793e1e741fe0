package dev.cage.server.group;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Puts changes that reach the leader while the group is still taking earlier ones into one log entry: one Raft round
 * (one request through Ratis, one append and one force of the log per member) for all of them instead of one each,
 * which is where a group's time per change went. Nothing waits for a batch to fill: a change goes at once while fewer
 * than {@link #IN_FLIGHT} entries are on their way; otherwise it goes with the next entry, together with every change
 * that queued meanwhile (as many as fit one entry). A lone change goes as it is, so one writer sees no difference.
 *
 * <p>A batch entry is {@link #BATCH}, a count, and each change as a length and its bytes; the state machine applies
 * them in that order ({@link #split}) and answers the same way, one answer each. The changes of one entry commit or
 * fail together, and each caller gets its own answer.
 */
final class ChangeBatcher {
    /** The first byte of a batch entry; a node's changes never start with it, nor do the group's own entries. */
    static final byte BATCH = 0x7E;
    /** Entries on their way at once: enough to keep the log busy while the next batch gathers. */
    static final int IN_FLIGHT = 2;
    /**
     * An entry whose answer has not come by then gives up its place (its changes fail, as may-or-may-not-applied), so
     * an answer lost on the way cannot hold back every later change; longer than a caller waits for its change.
     */
    static final long ANSWER_WAIT_MILLIS = 15_000;
    private static final int HEADER = 1 + 4;

    private final Function<byte[], CompletableFuture<byte[]>> submit;
    private final int maxEntryBytes;
    private final long answerWaitMillis;
    private final Executor answers;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;
    private long entries;
    private long changes;

    private record Pending(byte[] change, CompletableFuture<byte[]> answer) {
    }

    /**
     * {@code submit} proposes one entry and completes with the state machine's answer to it; {@code answers} runs what
     * follows an entry's answer (answering its callers, proposing the next entry), so that is not done on the thread
     * that completes the answer: that is Ratis's own (often its state-machine updater), which applies nothing while
     * it proposes.
     */
    ChangeBatcher(Function<byte[], CompletableFuture<byte[]>> submit, int maxEntryBytes, long answerWaitMillis,
                  Executor answers) {
        this.submit = submit;
        this.maxEntryBytes = maxEntryBytes;
        this.answerWaitMillis = answerWaitMillis;
        this.answers = answers;
    }

    CompletableFuture<byte[]> submit(byte[] change) {
        Pending p = new Pending(change, new CompletableFuture<>());
        List<Pending> batch;
        synchronized (this) {
            queue.add(p);
            if (inFlight >= IN_FLIGHT) {
                return p.answer(); // goes with the next entry
            }
            batch = take();
        }
        send(batch);
        return p.answer();
    }

    /** The queued changes that fit one entry, oldest first (at least one); counts the entry in flight. */
    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        int bytes = HEADER;
        while (!queue.isEmpty() && (batch.isEmpty() || bytes + 4 + queue.peek().change().length <= maxEntryBytes)) {
            Pending p = queue.poll();
            bytes += 4 + p.change().length;
            batch.add(p);
        }
        inFlight++;
        entries++;
        changes += batch.size();
        return batch;
    }

    /** Changes per log entry so far (1 when each went alone; 0 before any). */
    synchronized double changesPerEntry() {
        return entries == 0 ? 0 : (double) changes / entries;
    }

    private void send(List<Pending> batch) {
        CompletableFuture<byte[]> entry = batch.size() == 1 ? submit.apply(batch.get(0).change()) : submit.apply(entryOf(batch));
        entry.orTimeout(answerWaitMillis, TimeUnit.MILLISECONDS).whenCompleteAsync((answer, error) -> {
            if (error != null) {
                batch.forEach(p -> p.answer().completeExceptionally(error));
            } else if (batch.size() == 1) {
                batch.get(0).answer().complete(answer);
            } else {
                List<byte[]> parts = split(answer);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).answer().complete(parts.get(i));
                }
            }
            List<Pending> next;
            synchronized (this) {
                inFlight--;
                next = queue.isEmpty() ? null : take();
            }
            if (next != null) {
                send(next);
            }
        }, answers);
    }

    private static byte[] entryOf(List<Pending> batch) {
        List<byte[]> parts = new ArrayList<>(batch.size());
        batch.forEach(p -> parts.add(p.change()));
        return join(parts);
    }

    /** One batch entry (or batch answer) holding {@code parts} in order. */
    static byte[] join(List<byte[]> parts) {
        int size = HEADER;
        for (byte[] p : parts) {
            size += 4 + p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(BATCH).putInt(parts.size());
        for (byte[] p : parts) {
            b.putInt(p.length).put(p);
        }
        return b.array();
    }

    static boolean isBatch(byte[] entry) {
        return entry.length >= HEADER && entry[0] == BATCH;
    }

    /** The parts of a batch entry (or answer), in order. */
    static List<byte[]> split(byte[] batch) {
        ByteBuffer b = ByteBuffer.wrap(batch);
        if (b.get() != BATCH) {
            throw new IllegalArgumentException("not a batch entry");
        }
        int n = b.getInt();
        List<byte[]> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[b.getInt()];
            b.get(p);
            parts.add(p);
        }
        return parts;
    }
}
