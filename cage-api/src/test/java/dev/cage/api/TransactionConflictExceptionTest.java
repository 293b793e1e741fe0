package dev.cage.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How an application finds the conflict behind a container's "the transaction rolled back". */
class TransactionConflictExceptionTest {
    private final TransactionConflictException conflict =
        new TransactionConflictException("transaction t conflicts on 'a.txt': bytes 0..3 changed");

    @AfterEach
    void clear() {
        TransactionConflictException.forgetFailedCommit();
    }

    @Test
    void foundInTheChainOfCauses() {
        Exception container = new IllegalStateException("rolled back", new RuntimeException("wrapped", conflict));
        assertThat(TransactionConflictException.causeOf(container)).containsSame(conflict);
        assertThat(TransactionConflictException.causeOf(new IllegalStateException("other"))).isEmpty();
    }

    @Test
    void aContainerThatDroppedTheCause_stillTellsTheConflict_once_andOnlyUntilTheNextTransactionBegins() {
        Exception withoutCause = new IllegalStateException("RollbackException: null");
        TransactionConflictException.recordFailedCommit(conflict);
        assertThat(TransactionConflictException.causeOf(withoutCause)).containsSame(conflict);
        assertThat(TransactionConflictException.causeOf(withoutCause)).as("consumed").isEmpty();

        TransactionConflictException.recordFailedCommit(conflict);
        TransactionConflictException.forgetFailedCommit(); // what the adapter does when this thread begins again
        assertThat(TransactionConflictException.causeOf(withoutCause)).isEmpty();
    }

    @Test
    void theRecordBelongsToTheThreadThatCommitted() throws Exception {
        TransactionConflictException.recordFailedCommit(conflict);
        Boolean[] seenElsewhere = new Boolean[1];
        Thread other = new Thread(() -> seenElsewhere[0] =
            TransactionConflictException.causeOf(new IllegalStateException("x")).isPresent());
        other.start();
        other.join();
        assertThat(seenElsewhere[0]).isFalse();
        assertThat(TransactionConflictException.causeOf(new IllegalStateException("x"))).containsSame(conflict);
    }

    @Test
    void noFailure_noConflict_evenWithARecord() {
        TransactionConflictException.recordFailedCommit(conflict);
        assertThat(TransactionConflictException.causeOf(null)).isEmpty();
    }
}
