package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.protocol.JournalEntryInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage journal diff URI --from T1 --to T2}: the byte ranges of a file that changed in between. */
@Command(name = "diff", description = "Shows the byte ranges of a file that changed between two instants.")
final class JournalDiffCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "cage://host:port/path")
    CageUri uri;

    @Option(names = "--from", required = true, paramLabel = "T1", converter = InstantConverter.class)
    Instant from;

    @Option(names = "--to", paramLabel = "T2", converter = InstantConverter.class, defaultValue = "now")
    Instant to;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<long[]> ranges = new ArrayList<>();
        try (Cage cage = client.connect(uri)) {
            cage.journal(uri.server()).forEach(uri.path(), from, to, false, e -> {
                if (e.path().equals(uri.path()) && e.isFileChange()) {
                    ranges.add(changed(e));
                }
            });
        }
        PrintWriter out = spec.commandLine().getOut();
        long total = 0;
        for (long[] r : merge(ranges)) {
            out.printf("bytes %d-%d (%d)%n", r[0], r[1], r[1] - r[0]);
            total += r[1] - r[0];
        }
        out.printf("%d bytes changed in %d ranges%n", total, merge(ranges).size());
        out.flush();
        return 0;
    }

    /** The range a change touched: a write's bytes (and any gap it filled with zeros), a truncate's cut or growth. */
    static long[] changed(JournalEntryInfo e) {
        if (e.op().equals("WRITE")) {
            long from = Math.min(e.offset(), e.oldSize());
            return new long[] {from, e.offset() + e.length()};
        }
        return new long[] {Math.min(e.oldSize(), e.newSize()), Math.max(e.oldSize(), e.newSize())};
    }

    /** Sorted, overlapping or touching ranges joined. */
    static List<long[]> merge(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : sorted) {
            if (r[1] <= r[0]) {
                continue;
            }
            if (!out.isEmpty() && r[0] <= out.get(out.size() - 1)[1]) {
                out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], r[1]);
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        return out;
    }
}
