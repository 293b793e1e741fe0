package dev.cage.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every state-changing action asked of the console, with who asked, when, and how it ended (done, failed, refused).
 * Kept in memory (the newest {@value #KEPT}) and appended to a file, one tab-separated line per entry, so the trail
 * outlives the server; the file's newest entries are read back at start.
 *
 * <p>Threads: safe to use from any thread.
 */
public final class AuditTrail {
    static final int KEPT = 10_000;
    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

    /** One action. {@code outcome} starts with {@code done}, {@code failed} or {@code refused}. */
    public record Entry(long seq, Instant time, String user, String action, String target, String outcome) {
    }

    private final Path file;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextSeq = 1;

    public AuditTrail(Path file) {
        this.file = file;
        readBack();
    }

    public synchronized Entry record(String user, String action, String target, String outcome) {
        Entry entry = new Entry(nextSeq++, Instant.now(), user, action, target, outcome);
        entries.addLast(entry);
        if (entries.size() > KEPT) {
            entries.removeFirst();
        }
        append(entry);
        return entry;
    }

    /** The newest entries, newest first. */
    public synchronized List<Entry> newest(int limit) {
        List<Entry> out = new ArrayList<>(Math.min(limit, entries.size()));
        var it = entries.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }

    private void append(Entry e) {
        String line = String.join("\t", Long.toString(e.seq()), e.time().toString(), clean(e.user()),
            clean(e.action()), clean(e.target()), clean(e.outcome())) + "\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            // The action has happened: losing its line on disk must not undo or hide it; it stays in memory.
            LOG.log(Level.WARNING, "cannot append to the audit trail " + file, ex);
        }
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private void readBack() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length != 6) {
                    continue; // a line torn by a crash while it was appended
                }
                Entry e = new Entry(Long.parseLong(f[0]), Instant.parse(f[1]), f[2], f[3], f[4], f[5]);
                entries.addLast(e);
                if (entries.size() > KEPT) {
                    entries.removeFirst();
                }
                nextSeq = Math.max(nextSeq, e.seq() + 1);
            }
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("cannot read the audit trail " + file,
                e instanceof IOException io ? io : new IOException(e));
        }
    }
}
