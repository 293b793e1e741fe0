package dev.cage.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * How changes are put into log entries: alone while the log keeps up, together while it is busy, never more than an
 * entry holds, and each caller gets its own answer or the entry's failure. The log here is a list of proposed entries
 * whose answers the test gives; {@code GroupBatchingTest} runs the same through a real group.
 */
class ChangeBatcherTest {
    /** The entries proposed so far, each with the future the batcher waits on. */
    private final List<byte[]> entries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<CompletableFuture<byte[]>> answers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Proposed entries are recorded in {@link #entries}; what follows an answer runs on the thread that gives it. */
    private ChangeBatcher batcher(int maxEntryBytes) {
        return batcher(maxEntryBytes, 60_000, Runnable::run);
    }

    private ChangeBatcher batcher(int maxEntryBytes, long answerWaitMillis, Executor afterAnswers) {
        return new ChangeBatcher(entry -> {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            entries.add(entry);
            answers.add(f);
            return f;
        }, maxEntryBytes, answerWaitMillis, afterAnswers);
    }

    @Test
    void whileTheLogKeepsUp_eachChangeIsAnEntryOfItsOwn_unchanged() {
        ChangeBatcher b = batcher(1 << 20);
        for (int i = 0; i < 5; i++) {
            CompletableFuture<byte[]> answer = b.submit(bytes("change " + i));
            assertThat(entries).hasSize(i + 1);
            assertThat(entries.get(i)).isEqualTo(bytes("change " + i));
            answers.get(i).complete(bytes("answer " + i));
            assertThat(answer.join()).isEqualTo(bytes("answer " + i));
        }
        assertThat(b.changesPerEntry()).isEqualTo(1.0);
    }

    @Test
    void whileEntriesAreOnTheirWay_laterChangesGoTogetherInOrder_andEachGetsItsOwnAnswer() {
        ChangeBatcher b = batcher(1 << 20);
        List<CompletableFuture<byte[]>> mine = new ArrayList<>();
        for (int i = 0; i < ChangeBatcher.IN_FLIGHT + 4; i++) {
            mine.add(b.submit(bytes("c" + i)));
        }
        assertThat(entries).hasSize(ChangeBatcher.IN_FLIGHT); // the rest wait for an entry to come back

        answers.get(0).complete(bytes("a0"));
        assertThat(mine.get(0).join()).isEqualTo(bytes("a0"));
        assertThat(entries).hasSize(ChangeBatcher.IN_FLIGHT + 1);
        byte[] batch = entries.get(ChangeBatcher.IN_FLIGHT);
        assertThat(ChangeBatcher.isBatch(batch)).isTrue();
        assertThat(ChangeBatcher.split(batch)).containsExactly(bytes("c2"), bytes("c3"), bytes("c4"), bytes("c5"));

        answers.get(ChangeBatcher.IN_FLIGHT).complete(ChangeBatcher.join(
            List.of(bytes("a2"), bytes("a3"), bytes("a4"), bytes("a5"))));
        for (int i = 2; i < 6; i++) {
            assertThat(mine.get(i).join()).isEqualTo(bytes("a" + i));
        }
        assertThat(mine.get(1)).isNotDone(); // its entry has not come back
        answers.get(1).complete(bytes("a1"));
        assertThat(mine.get(1).join()).isEqualTo(bytes("a1"));
        assertThat(b.changesPerEntry()).isEqualTo(2.0); // 6 changes, 3 entries
    }

    @Test
    void aBatchTakesNoMoreThanAnEntryHolds() {
        ChangeBatcher b = batcher(1 + 4 + 2 * (4 + 100)); // room for two changes of 100 bytes
        for (int i = 0; i < ChangeBatcher.IN_FLIGHT + 5; i++) {
            b.submit(new byte[100]);
        }
        answers.get(0).complete(new byte[0]);
        answers.get(1).complete(new byte[0]);
        assertThat(entries).hasSize(ChangeBatcher.IN_FLIGHT + 2);
        assertThat(ChangeBatcher.split(entries.get(2))).hasSize(2);
        assertThat(ChangeBatcher.split(entries.get(3))).hasSize(2);
        answers.get(2).complete(ChangeBatcher.join(List.of(new byte[0], new byte[0])));
        assertThat(entries.get(4)).hasSize(100); // the last one goes alone, as it is
    }

    @Test
    void aFailedEntry_failsEveryChangeInIt_andTheQueueGoesOn() {
        ChangeBatcher b = batcher(1 << 20);
        b.submit(bytes("first"));
        b.submit(bytes("second"));
        CompletableFuture<byte[]> x = b.submit(bytes("x"));
        CompletableFuture<byte[]> y = b.submit(bytes("y"));
        answers.get(0).completeExceptionally(new NotServingException("member m0 lost the lead"));
        answers.get(2).completeExceptionally(new NotServingException("member m0 lost the lead"));
        assertThat(List.of(x, y)).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
        CompletableFuture<byte[]> z = b.submit(bytes("z"));
        assertThat(entries.get(entries.size() - 1)).isEqualTo(bytes("z"));
        answers.get(answers.size() - 1).complete(bytes("done"));
        assertThat(z.join()).isEqualTo(bytes("done"));
        assertThatThrownBy(x::join).isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(NotServingException.class).hasMessageContaining("lost the lead");
    }

    @Test
    void anEntryWhoseAnswerNeverComes_givesUpItsPlace_soLaterChangesStillGo() {
        ChangeBatcher b = batcher(1 << 20, 200, Runnable::run);
        CompletableFuture<byte[]> lost1 = b.submit(bytes("lost 1"));
        CompletableFuture<byte[]> lost2 = b.submit(bytes("lost 2"));
        CompletableFuture<byte[]> later = b.submit(bytes("later")); // both places taken by answers that never come
        assertThat(entries).hasSize(2);
        assertThatThrownBy(lost1::join).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThatThrownBy(lost2::join).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> entries.size() == 3);
        assertThat(entries.get(2)).isEqualTo(bytes("later"));
        answers.get(2).complete(bytes("went"));
        assertThat(later.join()).isEqualTo(bytes("went"));
    }

    @Test
    void theNextEntryIsProposedByTheAnswersExecutor_notByTheThreadThatGaveTheAnswer() throws Exception {
        List<String> proposers = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService afterAnswers = Executors.newSingleThreadExecutor(r -> new Thread(r, "after-answers"));
        try {
            ChangeBatcher b = new ChangeBatcher(entry -> {
                proposers.add(Thread.currentThread().getName());
                CompletableFuture<byte[]> f = new CompletableFuture<>();
                answers.add(f);
                return f;
            }, 1 << 20, 60_000, afterAnswers);
            List<CompletableFuture<byte[]>> mine = new ArrayList<>();
            for (int i = 0; i < ChangeBatcher.IN_FLIGHT + 1; i++) {
                mine.add(b.submit(bytes("c" + i)));
            }
            Thread ratis = new Thread(() -> answers.get(0).complete(bytes("a0")), "ratis-updater");
            ratis.start();
            ratis.join();
            assertThat(mine.get(0).get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(bytes("a0"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> proposers.size() == ChangeBatcher.IN_FLIGHT + 1);
            assertThat(proposers.get(ChangeBatcher.IN_FLIGHT)).isEqualTo("after-answers");
        } finally {
            afterAnswers.shutdownNow();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
