package dev.cage.server;

import dev.cage.protocol.CageException;
import dev.cage.protocol.NotLeaderException;
import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.Status;
import dev.cage.protocol.TransactionTooLargeException;
import dev.cage.server.group.NotServingException;
import dev.cage.server.group.RaftMember;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A group member's way to change its tree: the change goes into the group's log, and returns once a majority has it
 * durable and this member has applied it ({@link ChangeApplier}). A refusal comes back as the exception the client
 * would have had from a standalone node.
 */
final class Replication {
    private final RaftMember member;
    private final long timeoutMillis;
    private final GroupVersions versions;

    Replication(RaftMember member, long timeoutMillis, GroupVersions versions) {
        this.versions = versions;
        this.member = member;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Returns once this member may serve a read that arrived before the call (see {@link RaftMember#readBarrier});
     * else the client hears that this member is not the leader, and tries another: a read has done nothing.
     */
    void awaitReadable() throws CageException {
        try {
            member.readBarrier().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof TimeoutException ? "no majority answered within " + timeoutMillis + " ms"
                : String.valueOf(e.getCause());
            throw new NotLeaderException(member.serving()
                ? "member " + member.config().self() + " could not confirm that it still leads the group, so it serves"
                    + " no read (" + why + ")"
                : "member " + member.config().self() + " could not learn from the group's leader how far it must have"
                    + " applied the log, so it serves no read (" + why + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnavailableException(Status.UNAVAILABLE, "interrupted while confirming leadership for a read");
        }
    }

    /**
     * Fails with {@code NOT_LEADER} unless this member is the group's ready leader: a follower-read session reaches
     * here with a request that would change the tree ({@code what}), which only the leader takes.
     */
    void requireLeading(String what) throws NotLeaderException {
        if (!member.serving()) {
            throw new NotLeaderException("member " + member.config().self() + " does not lead the group, so it "
                + what + " for nobody: a follower-read session reads here and changes at the leader ("
                + member.leaderHint() + ")");
        }
    }

    /** Whether this member is the group's ready leader (it may put changes into the log). */
    boolean leading() {
        return member.serving();
    }

    /** Fails if a transaction's ops, encoded, would not fit one entry of the group's log. */
    void requireFits(byte[] transactionOps, String branch) throws TransactionTooLargeException {
        int most = member.maxChangeBytes() - 1024; // the change's other fields
        if (transactionOps.length > most) {
            throw new TransactionTooLargeException("transaction " + branch + " would put " + transactionOps.length
                + " bytes in one entry of the group's log, more than its limit of " + most + " bytes; nothing of it"
                + " was applied: split it into smaller transactions");
        }
    }

    ChangeAnswer replicate(ReplicatedChange change) throws CageException {
        byte[] answer;
        try {
            answer = member.submit(change.stamped(versions.nextStamp()).encode()).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            throw new ServerUnavailableException(Status.UNAVAILABLE, (cause instanceof NotServingException ? cause.getMessage()
                : "the group could not take the change: " + cause) + "; it may or may not have been applied");
        } catch (TimeoutException e) {
            throw new ServerUnavailableException(Status.UNAVAILABLE, "the group did not commit the change within "
                + timeoutMillis + " ms (are most members down?); it may or may not have been applied");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnavailableException(Status.UNAVAILABLE, "interrupted while the group took the change");
        }
        ChangeAnswer a = ChangeAnswer.decode(answer);
        if (a.status() != Status.OK) {
            throw a.status().toException(a.message());
        }
        return a;
    }
}
