package dev.cage.server;

import dev.cage.client.Cage;
import dev.cage.client.TxId;
import dev.cage.protocol.CageException;
import dev.cage.protocol.FileInfo;

/**
 * Clears what a fuzzing session left on the node: prepared transactions (which outlive their session and lock their
 * files) and every file and directory of the tree but the one kept. Without it the tree only grows (a branch copies a
 * directory, the next copies the copy), and with it the cost of every request that lists or scans: inputs got three
 * times slower within a run. Best effort: an entry still held by a session whose end the node has not finished is
 * left for the next time.
 */
final class FuzzLeftovers {
    private FuzzLeftovers() {
    }

    /** @param admin a client with the admin role, @param server its name for the node, @param keep a top entry */
    static void clear(Cage admin, String server, String keep) throws CageException {
        for (TxId id : admin.recover(server)) {
            try {
                admin.rollbackPrepared(server, id);
            } catch (CageException finishedMeanwhile) {
                // committed or rolled back by its own session after all
            }
        }
        for (FileInfo f : admin.list(server, "")) {
            if (!f.name().equals(keep)) {
                remove(admin, server, f.name(), f.isDirectory());
            }
        }
    }

    private static void remove(Cage admin, String server, String path, boolean directory) {
        try {
            if (directory) {
                for (FileInfo f : admin.list(server, path)) {
                    remove(admin, server, path + "/" + f.name(), f.isDirectory());
                }
                admin.rmdir(server, path);
            } else {
                admin.remove(server, path);
            }
        } catch (CageException stillHeld) {
            // open or locked by a session that is still ending: the next clearing gets it
        }
    }
}
