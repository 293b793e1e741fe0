package dev.cage.server;

import dev.cage.protocol.Opcode;

/**
 * What a session that asked for follower reads may ask of a group member that does not lead: to look at the tree and
 * read files. Each such read first waits for the group's read index (asked of the leader) to be applied here
 * ({@link Replication#awaitReadable}), so it is as fresh as a read at the leader. Opening for writing, or creating,
 * is refused there ({@link Replication#requireLeading}); every other request is answered {@code NOT_LEADER}.
 */
final class FollowerReads {
    private FollowerReads() {
    }

    static boolean mayAsk(Opcode op) {
        return switch (op) {
            case STAT, LIST, LIST_PAGE, STATFS, OPEN, READ, FSTAT, CHECKSUMS, CLOSE -> true;
            default -> false;
        };
    }
}
