package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Holding a lane: queued tasks wait without a thread, the inline path sees the lane busy, release resumes in order. */
class SerialExecutorHoldTest {
    /** Runs pool tasks only when told, so the test decides every interleaving. */
    private static final class ManualPool implements Executor {
        final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable r) {
            queued.add(r);
        }

        void runAll() {
            for (Runnable r; (r = queued.poll()) != null; ) {
                r.run();
            }
        }
    }

    @Test
    void hold_idleLane_heldAtOnceAndRunIfIdleRefuses() {
        ManualPool pool = new ManualPool();
        SerialExecutor lane = new SerialExecutor(pool);

        CompletableFuture<Void> held = lane.hold();

        assertThat(held).isCompleted();
        assertThat(lane.runIfIdle(() -> { })).as("a held lane is not idle").isFalse();
        lane.release();
        assertThat(lane.runIfIdle(() -> { })).isTrue();
    }

    @Test
    void hold_busyLane_waitsForEarlierTasksThenKeepsLaterOnesQueuedUntilRelease() {
        ManualPool pool = new ManualPool();
        SerialExecutor lane = new SerialExecutor(pool);
        List<String> ran = new ArrayList<>();
        lane.execute(() -> ran.add("before"));

        CompletableFuture<Void> held = lane.hold();
        lane.execute(() -> ran.add("after"));
        assertThat(held).isNotDone();
        pool.runAll();

        assertThat(held).isCompleted();
        assertThat(ran).containsExactly("before");
        assertThat(pool.queued).as("no pool thread is parked on the held lane").isEmpty();

        lane.release();
        pool.runAll();
        assertThat(ran).containsExactly("before", "after");
    }
}
