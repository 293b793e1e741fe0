package dev.cage.client;

/** Hears how far a long task (writing or reading a hibernation dump) has come. Called from the working thread. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * @param task  what is running, e.g. {@code "hibernate"} or {@code "wake"}
     * @param done  bytes done so far
     * @param total bytes in all
     */
    void progress(String task, long done, long total);
}
