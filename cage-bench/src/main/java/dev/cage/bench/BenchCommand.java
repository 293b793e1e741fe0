package dev.cage.bench;

import dev.cage.bench.cache.CacheBenchCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cage bench}: measures Cage side by side with the raw socket (the limit of the wire), local NIO
 * (the limit of the disk) and SFTP (the peer to beat), all in this process over 127.0.0.1, and prints
 * the figures, the ratios and whether each target is met. Exit code 0 means the run completed and every
 * column read back the bytes it wrote, whether or not the targets were met. {@code cage bench cache}
 * ({@link CacheBenchCommand}) measures the client's page cache.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure Cage against a raw socket, local NIO and SFTP on this machine.",
    subcommands = {CacheBenchCommand.class, dev.cage.bench.cache.SharedBenchCommand.class,
        dev.cage.bench.journal.JournalBenchCommand.class, dev.cage.bench.cache.CoherenceBenchCommand.class,
        dev.cage.bench.console.ConsoleBenchCommand.class, dev.cage.bench.journal.GroupBenchCommand.class,
        dev.cage.bench.micro.MicroBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {
    private static final List<String> COLUMN_IDS = List.of("raw", "nio", "sftp", "sshfs", "cage", "cagefs", "mount");

    @Option(names = "--size", defaultValue = "1g", converter = Sizes.class, paramLabel = "SIZE",
        description = "Size of the sequential file (k, m, g suffixes; default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--files", defaultValue = "10000", paramLabel = "N",
        description = "Small files created, written and removed per round (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--random-reads", defaultValue = "20000", paramLabel = "N",
        description = "4 KiB reads per random run (default: ${DEFAULT-VALUE}).")
    int randomReads;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
        description = "Rounds; figures are medians across them (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--dir", defaultValue = "bench-work", paramLabel = "DIR",
        description = "Work directory on the disk to measure; removed afterwards (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--only", paramLabel = "LIST",
        description = "Comma list of workloads: seq-write, seq-read, random-qd1, random-qd32, small-files (default: all).")
    String only;

    @Option(names = "--columns", defaultValue = "raw,nio,sftp,cage", paramLabel = "LIST",
        description = "Comma list of columns: raw, nio, sftp, sshfs (needs sshfs and openssh-server), cage, cagefs "
            + "(Cage through the cage:// file system), mount (Cage through FUSE) (default: ${DEFAULT-VALUE}).")
    String columnList;

    @Option(names = "--cage-clients", defaultValue = "1", paramLabel = "N",
        description = "Cage clients the queue-depth-32 threads are spread over; the default, 1, is one shared client,"
            + " as an application would use it.")
    int cageClients;

    @Option(names = "--stream-window", defaultValue = "" + dev.cage.client.Cage.STREAM_WINDOW, paramLabel = "N",
        description = "1 MiB chunks Cage's sequential streams keep in flight (default: ${DEFAULT-VALUE}).")
    int streamWindow;

    @Option(names = "--mount-pages", defaultValue = "0", paramLabel = "N",
        description = "Page cache of the mount column's client, in 64 KiB pages (default: ${DEFAULT-VALUE}, as cage mount).")
    int mountPages;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the Markdown report to FILE.")
    Path reportFile;

    private final PrintStream out = System.out;
    private final Progress progress = Progress.stderr();
    private Results results;
    private Report report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Set<Workload> workloads = Workload.parseList(only);
        List<String> chosen = columnIds();
        requirePositive(files, "--files");
        requirePositive(randomReads, "--random-reads");
        requirePositive(rounds, "--rounds");
        requirePositive(cageClients, "--cage-clients");
        requirePositive(streamWindow, "--stream-window");
        Conditions before = Conditions.now();
        long started = System.nanoTime();
        Content content = new Content(0x5EED_CA6EL);
        List<Column> columns = new ArrayList<>();
        Map<String, String> notes = new LinkedHashMap<>();
        try (WorkDirs.Run run = WorkDirs.run(dir, "run-")) {
            Path work = run.path();
            try {
                progress.note("starting columns " + chosen + " in " + work.toAbsolutePath());
                for (String id : chosen) {
                    Column c = start(id, work, content);
                    columns.add(c);
                    notes.put(c.title(), c.notes());
                }
                Workloads work1 = new Workloads(size, files, randomReads, rounds, content, progress);
                results = new BenchRun(columns, workloads, rounds, work1, progress).run();
            } finally {
                closeAll(columns); // before the run's directory goes
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        report = new Report(results, settings(workloads, chosen), before, Conditions.now(), elapsed, notes);
        ReportOutput.emit(out, reportFile, report.markdown());
        return 0;
    }

    private Column start(String id, Path work, Content content) throws Exception {
        return switch (id) {
            case "raw" -> new RawSocketColumn(content);
            case "nio" -> new LocalNioColumn(work.resolve("nio"));
            case "sftp" -> new SftpColumn(work.resolve("sftp"));
            case "cage" -> new CageColumn(work.resolve("cage-root"), work.resolve("cage-data"), cageClients, streamWindow);
            case "cagefs" -> new CageNioColumn(work.resolve("cagefs-root"), work.resolve("cagefs-data"));
            case "mount" -> new MountColumn(work.resolve("mount-root"), work.resolve("mount-data"), work.resolve("mount-mnt"),
                mountPages);
            case "sshfs" -> new SshfsColumn(work.resolve("sshfs-conf"), work.resolve("sshfs-root"), work.resolve("sshfs-mnt"));
            default -> throw new IllegalStateException(id);
        };
    }

    private List<String> columnIds() {
        List<String> ids = new ArrayList<>();
        for (String part : columnList.split(",")) {
            String id = part.trim().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            if (!COLUMN_IDS.contains(id)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                    "unknown column '" + id + "'; known: " + String.join(", ", COLUMN_IDS));
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        ids.sort(Comparator.comparingInt(COLUMN_IDS::indexOf)); // report order is fixed: limits first, Cage last
        if (ids.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--columns names no column");
        }
        return ids;
    }

    private void requirePositive(int value, String option) {
        if (value <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), option + " must be positive, not " + value);
        }
    }

    private String settings(Set<Workload> workloads, List<String> chosen) {
        return "--size " + Sizes.format(size) + " --files " + files + " --random-reads " + randomReads + " --rounds "
            + rounds + " --cage-clients " + cageClients + " --stream-window " + streamWindow + "; workloads " + workloads.stream().map(Workload::id).toList()
            + "; columns " + chosen;
    }

    private void closeAll(List<Column> columns) {
        for (Column c : columns) {
            try {
                c.close();
            } catch (Exception e) {
                progress.note("closing " + c.title() + " failed: " + e);
            }
        }
    }

    /** The measurements of the last run, for tests and callers that want figures rather than text. */
    public Results results() {
        return results;
    }

    /** The Markdown report of the last run. */
    public String reportText() {
        return report == null ? null : report.markdown();
    }

    /** Whether every target was measured and met in the last run. */
    public boolean allTargetsMet() {
        return report != null && report.verdicts().stream().allMatch(v -> Boolean.TRUE.equals(v.met()));
    }
}
