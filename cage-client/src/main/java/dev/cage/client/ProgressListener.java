package dev.cage.client;

/**
 * Hears how far a long task has come: writing or reading a hibernation dump (in bytes), a rollback or a
 * replay (in journal entries). Called from the working thread, or for a rollback from the connection's.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * @param task  what is running, e.g. {@code "hibernate"} or {@code "wake"}
     * @param done  bytes (or entries) done so far
     * @param total bytes (or entries) in all, or -1 if not known
     */
    void progress(String task, long done, long total);
}
