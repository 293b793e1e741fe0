package dev.cage.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the rounds: within a round every chosen workload runs on every column before the next workload, so
 * the columns are measured side by side under the same machine conditions (A B C D, A B C D, …). The column
 * order rotates by one each round so no column always goes first. The sequential file stays until the round's
 * reads are done and is removed at the end of the round.
 */
final class BenchRun {
    private final List<Column> columns;
    private final Set<Workload> workloads;
    private final int rounds;
    private final Workloads work;
    private final Progress progress;

    BenchRun(List<Column> columns, Set<Workload> workloads, int rounds, Workloads work, Progress progress) {
        this.columns = List.copyOf(columns);
        this.workloads = workloads;
        this.rounds = rounds;
        this.work = work;
        this.progress = progress;
    }

    Results run() throws Exception {
        Results results = new Results(columns.stream().map(Column::title).toList());
        for (int round = 1; round <= rounds; round++) {
            Set<Column> withFile = new HashSet<>();
            for (Workload w : workloads) {
                for (Column c : rotated(round - 1)) {
                    if (!c.supports(w)) {
                        continue;
                    }
                    if (w.needsFile() && c.storesFiles() && !withFile.contains(c)) {
                        progress.note("round " + round + ": writing the file for " + c.title() + " (untimed)");
                        work.prepareFile(c, round);
                        withFile.add(c);
                    }
                    results.add(w, c.title(), work.run(w, c, round));
                    if (w == Workload.SEQ_WRITE && c.storesFiles()) {
                        withFile.add(c);
                    }
                }
            }
            finishRound(round, withFile);
        }
        return results;
    }

    /** Checks files no read workload looked at, then removes them, so every round starts from nothing. */
    private void finishRound(int round, Set<Column> withFile) throws Exception {
        for (Column c : columns) {
            if (!withFile.contains(c)) {
                continue;
            }
            if (workloads.stream().noneMatch(Workload::needsFile)) {
                progress.note("round " + round + ": reading back " + c.title() + "'s file to check it (untimed)");
                work.verifyFile(c, round);
            }
            c.remove(Workloads.FILE);
        }
    }

    private List<Column> rotated(int by) {
        List<Column> out = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            out.add(columns.get((i + by) % columns.size()));
        }
        return out;
    }
}
