package dev.cage.web.live;

import dev.cage.ejb.CageAdminException;
import dev.cage.ejb.JournalReplayer;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Replays onto backup folders, run in the background so a long one shows its progress. Folders live under one base
 * directory on this server ({@value #BASE_PROPERTY}; by default {@code ~/.cage/console/backups}): a request names a
 * folder inside it, never a path outside.
 */
@ApplicationScoped
public class ReplayJobs {
    public static final String BASE_PROPERTY = "cage.web.backups";

    /** A replay and how far it has come; {@code state} is {@code running}, {@code done} or {@code failed}. */
    public record Job(long id, String server, String path, String folder, Instant from, Instant until, String state,
                      long entriesSeen, long entriesApplied, long bytesWritten, String message) {
    }

    @Inject
    JournalReplayer replayer;

    @Resource
    ManagedExecutorService executor;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();

    public static Path base() {
        String configured = System.getProperty(BASE_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cage", "console", "backups");
    }

    /**
     * The folder a name stands for, inside the base.
     *
     * @throws IllegalArgumentException if it leads outside the base or is not an existing folder
     */
    public static Path folder(String name) throws IOException {
        Path base = Files.createDirectories(base()).toRealPath();
        Path folder = base.resolve(name).normalize();
        if (!folder.startsWith(base) || folder.equals(base)) {
            throw new IllegalArgumentException("'" + name + "' is not a folder inside " + base);
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no folder '" + name + "' in " + base + ": put the backup there first");
        }
        return folder.toRealPath();
    }

    /** Starts a replay; {@code finished} hears how it ended. */
    public Job start(String server, String path, Path folder, String folderName, Instant from, Instant until,
                     Consumer<Job> finished) {
        long id = ids.incrementAndGet();
        Job job = new Job(id, server, path, folderName, from, until, "running", 0, 0, 0, "");
        jobs.put(id, job);
        executor.execute(() -> {
            Job end;
            try {
                JournalReplayer.Result r = replayer.replay(server, path, from, until, folder,
                    seen -> jobs.computeIfPresent(id, (k, j) -> with(j, "running", seen, 0, 0, "")));
                end = with(jobs.get(id), "done", jobs.get(id).entriesSeen(), r.entriesApplied(), r.bytesWritten(), "");
            } catch (CageAdminException | IOException | RuntimeException e) {
                Job j = jobs.get(id);
                end = with(j, "failed", j.entriesSeen(), j.entriesApplied(), j.bytesWritten(), String.valueOf(e.getMessage()));
            }
            jobs.put(id, end);
            finished.accept(end);
        });
        return job;
    }

    public Optional<Job> job(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private static Job with(Job j, String state, long seen, long applied, long bytes, String message) {
        return new Job(j.id(), j.server(), j.path(), j.folder(), j.from(), j.until(), state, seen, applied, bytes, message);
    }
}
