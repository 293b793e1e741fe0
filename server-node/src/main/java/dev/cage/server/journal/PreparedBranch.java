package dev.cage.server.journal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Objects;

/**
 * A prepared (in-doubt) transaction branch: written by phase 1, deleted when the branch is committed or rolled
 * back. Its writes and truncates are {@link PreparedOp}s. What survives a crash between prepare and commit, so the
 * node can lock the branch's files again at start and finish it when told.
 */
@Entity
@Table(name = "CAGE_TX_BRANCH")
public class PreparedBranch {
    /** The branch id in its text form ({@code formatId:globalHex:branchHex}). */
    @Id
    @Column(name = "BRANCH_KEY", length = 300)
    private String branchKey;

    @Column(name = "USER_NAME", length = 256, nullable = false)
    private String user;

    @Column(name = "SESSION_ID", nullable = false)
    private long sessionId;

    @Column(name = "TIME_US", nullable = false)
    private long timeMicros;

    @Column(name = "OP_COUNT", nullable = false)
    private int opCount;

    /** For JPA. */
    protected PreparedBranch() {
    }

    public PreparedBranch(String branchKey, String user, long sessionId, java.time.OffsetDateTime time, int opCount) {
        this.branchKey = Objects.requireNonNull(branchKey, "branchKey");
        this.user = Objects.requireNonNull(user, "user");
        this.sessionId = sessionId;
        this.timeMicros = JournalEntry.micros(time);
        this.opCount = opCount;
    }

    public String getBranchKey() {
        return branchKey;
    }

    /** The user who prepared it: only that user (or an admin) may see and finish it. */
    public String getUser() {
        return user;
    }

    public long getSessionId() {
        return sessionId;
    }

    public long getTimeMicros() {
        return timeMicros;
    }

    /** How many ops it has: a branch whose ops are not all found is damaged. */
    public int getOpCount() {
        return opCount;
    }
}
