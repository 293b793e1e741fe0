package dev.cage.cli;

import dev.cage.client.ProgressListener;

/**
 * Shows on standard error how many journal entries a node has gone through (a rollback, a branch): the bar starts
 * with the node's first report, and starts again if the node's count of all entries changes.
 */
final class JournalEntriesProgress implements ProgressListener, AutoCloseable {
    private long total = -1;
    private Progress progress;

    @Override
    public synchronized void progress(String task, long done, long all) {
        if (progress == null || all != total) {
            total = all;
            progress = Progress.countingOnStandardError(all, "journal entries");
        }
        progress.update(done);
    }

    @Override
    public synchronized void close() {
        if (progress != null) {
            progress.close();
        }
    }
}
