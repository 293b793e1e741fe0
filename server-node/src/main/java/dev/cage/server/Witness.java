package dev.cage.server;

import dev.cage.protocol.Status;
import dev.cage.server.group.RaftMember;
import java.io.IOException;

/**
 * The state of a witness: a voting member that keeps the group's log (Ratis's, durable like any voter's) but no
 * files. It applies no change and has no tree to copy from or to; it counts towards the majority that commits a
 * change, so an acknowledged change is in the log of at least one member that survives the loss of any other.
 */
final class Witness implements RaftMember.Applier, RaftMember.Copier {
    private final String self;

    Witness(String self) {
        this.self = self;
    }

    /** Applies nothing. Only a leader's answers reach a client, and a witness never serves one (see DataPlane). */
    @Override
    public byte[] apply(byte[] change, long index, int position, int journaled) {
        return ChangeAnswer.refused(Status.NOT_LEADER, "member " + self + " is a witness: it keeps the group's log,"
            + " not its files").encode();
    }

    /** A witness journals nothing. */
    @Override
    public RaftMember.Journaled journaled() {
        return null;
    }

    /** Nothing applied is lost with the process: the log is the witness's whole state. */
    @Override
    public boolean makeDurable() {
        return true;
    }

    @Override
    public byte[] answer(byte[] query) throws IOException {
        throw new IOException("member " + self + " is a witness: it has no tree to copy from");
    }

    /** A witness behind the group's snapshot has no tree to bring up to date: the log after the snapshot follows. */
    @Override
    public void copyFrom(RaftMember.Source leader) {
        // nothing to copy
    }
}
