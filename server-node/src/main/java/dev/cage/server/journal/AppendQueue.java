package dev.cage.server.journal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/*
 * Hands entries to the group committer in the order they were appended, each once its payload is durable.
 *
 * Why: seq order is the journal's order of record (recovery, rollback and replay walk it), and it used to be append
 * order because appends went straight to the committer's queue. Now an entry with a payload waits for its log
 * records first; if it went to the committer from its own completion, a later entry without a payload (or whose
 * force came first) could get the lower seq. So every append takes its place here, and the head of the line goes to
 * the committer as soon as its payload is durable (or has failed: then it is answered and leaves the line).
 *
 * Which thread owns what: `line` is guarded by `this`; drain() runs on whichever thread appended or completed a
 * payload, takes entries off the head under the lock and submits them there (submitting only queues), so the
 * committer sees them in line order. Futures are answered outside the lock, so no caller's callback runs under it.
 */
final class AppendQueue {
    private final Function<JournalEntry, CompletableFuture<Long>> committer;
    private final ArrayDeque<Waiting> line = new ArrayDeque<>();

    /** @param committer queues a row for the next group commit; its future completes with the seq */
    AppendQueue(Function<JournalEntry, CompletableFuture<Long>> committer) {
        this.committer = committer;
    }

    /**
     * Takes {@code entry}'s place in line; it goes to the committer once {@code payloadDurable} has completed and
     * every entry before it has gone.
     *
     * @return completes with the entry's seq once its row is committed; fails if its payload or its commit failed
     */
    CompletableFuture<Long> add(JournalEntry entry, CompletableFuture<?> payloadDurable) {
        Waiting w = new Waiting(entry, payloadDurable, new CompletableFuture<>());
        synchronized (this) {
            line.add(w);
        }
        payloadDurable.whenComplete((r, e) -> drain());
        return w.done;
    }

    private void drain() {
        List<Runnable> answers = new ArrayList<>();
        synchronized (this) {
            while (!line.isEmpty() && line.peek().payloadDurable.isDone()) {
                Waiting w = line.poll();
                Throwable failed = failure(w.payloadDurable);
                if (failed != null) {
                    answers.add(() -> w.done.completeExceptionally(failed));
                } else {
                    CompletableFuture<Long> committed = committer.apply(w.entry); // in line order
                    answers.add(() -> committed.whenComplete((seq, e) -> {
                        if (e != null) {
                            w.done.completeExceptionally(e instanceof CompletionException c && c.getCause() != null
                                ? c.getCause() : e);
                        } else {
                            w.done.complete(seq);
                        }
                    }));
                }
            }
        }
        answers.forEach(Runnable::run);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private record Waiting(JournalEntry entry, CompletableFuture<?> payloadDurable, CompletableFuture<Long> done) {
    }
}
