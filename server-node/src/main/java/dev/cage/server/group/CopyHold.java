package dev.cage.server.group;

/**
 * Holds this member's applying thread at one log entry while another member copies its tree, so that the copy is
 * exactly the tree as of that entry (the copying member then applies the log after it). Only the member named in
 * the hold entry holds; the others apply it as nothing. The hold ends when the copier releases it, when no question
 * of the copier's has arrived for {@link #IDLE_MILLIS} (it died), or when this member becomes the leader (which must
 * apply everything to serve).
 */
final class CopyHold {
    private static final System.Logger LOG = System.getLogger(CopyHold.class.getName());
    static final long IDLE_MILLIS = 30_000;

    private long heldAt = -1;
    private long lastQuestion;
    private boolean released;

    /** On the applying thread: holds at entry {@code index} until released. */
    synchronized void holdAt(long index) throws InterruptedException {
        heldAt = index;
        released = false;
        lastQuestion = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "holding at log entry {0} while a member copies this tree", index);
        try {
            while (!released && System.nanoTime() - lastQuestion < IDLE_MILLIS * 1_000_000) {
                wait(1_000);
            }
            if (!released) {
                LOG.log(System.Logger.Level.WARNING, "the member copying this tree asked nothing for {0} ms: going on",
                    IDLE_MILLIS);
            }
        } finally {
            heldAt = -1;
        }
    }

    /** The entry this member holds at, or -1; each asking keeps the hold alive. */
    synchronized long heldAt() {
        lastQuestion = System.nanoTime();
        return heldAt;
    }

    /** A question of the copier's arrived: the hold stays. */
    synchronized void touch() {
        lastQuestion = System.nanoTime();
    }

    synchronized void release() {
        released = true;
        notifyAll();
    }
}
