package dev.cage.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the benchmark measures, in the order a round runs them (reads need the file the write made). */
public enum Workload {
    SEQ_WRITE("seq-write", "Sequential write, 1 MiB requests", "MiB/s"),
    SEQ_READ("seq-read", "Sequential read, 1 MiB requests", "MiB/s"),
    RANDOM_QD1("random-qd1", "Random 4 KiB reads, queue depth 1", "reads/s"),
    RANDOM_QD32("random-qd32", "Random 4 KiB reads, queue depth 32", "reads/s"),
    SMALL_FILES("small-files", "Small files: create, write 4 KiB, close; then remove all", "files/s");

    private final String id;
    private final String title;
    private final String unit;

    Workload(String id, String title, String unit) {
        this.id = id;
        this.title = title;
        this.unit = unit;
    }

    /** The name used by {@code --only} and in progress lines. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The unit of the headline figure; higher is better for every workload. */
    public String unit() {
        return unit;
    }

    /** Whether the workload reads the sequentially written file. */
    boolean needsFile() {
        return this == SEQ_READ || this == RANDOM_QD1 || this == RANDOM_QD32;
    }

    /**
     * The workloads named in a comma list, in run order; {@code null} or blank means all.
     *
     * @throws IllegalArgumentException naming an unknown workload and the known ones
     */
    public static Set<Workload> parseList(String list) {
        if (list == null || list.isBlank()) {
            return EnumSet.allOf(Workload.class);
        }
        Set<Workload> chosen = EnumSet.noneOf(Workload.class);
        for (String part : list.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                chosen.add(byId(name));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--only names no workload");
        }
        return chosen;
    }

    private static Workload byId(String name) {
        List<String> known = new ArrayList<>();
        for (Workload w : values()) {
            if (w.id.equals(name)) {
                return w;
            }
            known.add(w.id);
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + String.join(", ", known));
    }
}
