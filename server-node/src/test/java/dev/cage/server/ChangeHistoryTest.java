package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeHistoryTest {

    @Test
    void changedSince_findsOnlyOverlappingChangesAfterTheBase() {
        ChangeHistory h = new ChangeHistory(100);
        h.record(101, 0, 10);
        h.record(102, 20, 30);

        assertThat(h.changedSince(100, 5, 6)).isEqualTo(new ChangeHistory.Entry(101, 0, 10));
        assertThat(h.changedSince(101, 5, 6)).as("the change at 101 is not after base 101").isNull();
        assertThat(h.changedSince(100, 10, 20)).as("touching ends do not overlap").isNull();
        assertThat(h.changedSince(100, 25, Long.MAX_VALUE)).isEqualTo(new ChangeHistory.Entry(102, 20, 30));
    }

    @Test
    void changedSince_aBaseOlderThanTheKeptHistory_countsAsAConflictEverywhere() {
        ChangeHistory h = new ChangeHistory(0);
        for (int v = 1; v <= ChangeHistory.KEPT + 1; v++) {
            h.record(v, 1000, 1001); // far from the range asked about below
        }

        assertThat(h.changedSince(0, 0, 1)).as("change 1 was forgotten: unknown, so conflicting")
            .isEqualTo(new ChangeHistory.Entry(ChangeHistory.KEPT + 1, 0, Long.MAX_VALUE));
        assertThat(h.changedSince(1, 0, 1)).as("every change after 1 is still kept, none overlaps").isNull();
    }
}
