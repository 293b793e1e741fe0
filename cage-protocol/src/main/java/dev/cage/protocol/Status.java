package dev.cage.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Stable numeric status codes of the wire protocol.
 *
 * <p>Codes never change meaning once released; new codes are added inside their range.
 * <ul>
 *   <li>{@code 0} success</li>
 *   <li>{@code 100–199} protocol: the frame itself is wrong</li>
 *   <li>{@code 200–299} authentication and sessions</li>
 *   <li>{@code 300–399} paths, files and channels: the request is well formed but cannot be done</li>
 *   <li>{@code 500–599} the server or the link failed</li>
 * </ul>
 * The client turns each code back into a specific {@link CageException} subtype with {@link #toException}.
 */
public enum Status {
    OK(0),

    MALFORMED_FRAME(100),
    FRAME_TOO_LARGE(101),
    UNSUPPORTED_VERSION(102),
    UNEXPECTED_MESSAGE(103),

    AUTH_FAILED(200),
    TOKEN_INVALID(201),
    SESSION_EXPIRED(202),
    ACCESS_DENIED(203),
    /** An administrator ended the session ({@link SessionEndedException}); the client does not reopen its channels. */
    SESSION_ENDED(204),

    NOT_FOUND(300),
    ALREADY_EXISTS(301),
    INVALID_PATH(302),
    NOT_A_DIRECTORY(303),
    IS_A_DIRECTORY(304),
    DIRECTORY_NOT_EMPTY(305),
    SHARING_CONFLICT(306),
    FILE_BUSY(307),
    CHANNEL_CLOSED(308),
    READ_ONLY_CHANNEL(309),
    INVALID_ARGUMENT(310),
    /** A change to a file that a prepared (in-doubt) transaction branch touches: it is locked until that branch ends. */
    FILE_LOCKED(311),
    /** No such transaction branch: never prepared, already committed or rolled back, or another user's. */
    TRANSACTION_UNKNOWN(312),
    /** A session staged more transactional bytes than the node accepts. */
    TRANSACTION_TOO_LARGE(313),
    /**
     * A transaction writes a range that another commit changed after the transaction began (first committer wins);
     * the transaction is rolled back and may be retried.
     */
    TRANSACTION_CONFLICT(314),
    /**
     * A limit of the node was reached: open channels per session, sessions per user, connections per address or in
     * all, or the size of a request ({@link LimitReachedException}). Nothing was done; the message names the limit.
     */
    LIMIT_REACHED(315),

    IO_ERROR(500),
    INTERNAL_ERROR(501),
    SHUTTING_DOWN(502),
    /** The node's journal database cannot be reached or is damaged: it refuses changes it cannot journal. */
    JOURNAL_UNAVAILABLE(504),
    /**
     * The node is a member of a replicated group but not its serving leader ({@link NotLeaderException}): nothing was
     * done; the client tries another member.
     */
    NOT_LEADER(505),
    /** Never sent by a server: the client could not reach one. */
    UNAVAILABLE(503);

    private static final Map<Integer, Status> BY_CODE = new HashMap<>();

    static {
        for (Status s : values()) {
            BY_CODE.put(s.code, s);
        }
    }

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status with this code; an unknown code (from a newer server) reads as {@link #INTERNAL_ERROR}. */
    public static Status of(int code) {
        return BY_CODE.getOrDefault(code, INTERNAL_ERROR);
    }

    /** The exception a caller sees for this status. */
    public CageException toException(String message) {
        return switch (this) {
            case OK -> throw new IllegalArgumentException("OK is not an error");
            case MALFORMED_FRAME, FRAME_TOO_LARGE, UNSUPPORTED_VERSION, UNEXPECTED_MESSAGE ->
                new ProtocolException(this, message);
            case AUTH_FAILED, TOKEN_INVALID, ACCESS_DENIED -> new AuthenticationException(this, message);
            case SESSION_EXPIRED -> new SessionExpiredException(message);
            case SESSION_ENDED -> new SessionEndedException(message);
            case NOT_FOUND -> new CageFileNotFoundException(message);
            case ALREADY_EXISTS -> new CageFileExistsException(message);
            case INVALID_PATH -> new InvalidPathException(message);
            case NOT_A_DIRECTORY, IS_A_DIRECTORY, DIRECTORY_NOT_EMPTY -> new WrongFileTypeException(this, message);
            case SHARING_CONFLICT -> new SharingConflictException(message);
            case FILE_BUSY -> new FileBusyException(message);
            case CHANNEL_CLOSED -> new ChannelClosedException(message);
            case READ_ONLY_CHANNEL -> new ReadOnlyChannelException(message);
            case INVALID_ARGUMENT -> new InvalidArgumentException(message);
            case FILE_LOCKED -> new FileLockedException(message);
            case TRANSACTION_UNKNOWN -> new TransactionUnknownException(message);
            case TRANSACTION_TOO_LARGE -> new TransactionTooLargeException(message);
            case TRANSACTION_CONFLICT -> new TransactionConflictException(message);
            case LIMIT_REACHED -> new LimitReachedException(message);
            case IO_ERROR, INTERNAL_ERROR, JOURNAL_UNAVAILABLE -> new ServerErrorException(this, message);
            case SHUTTING_DOWN, UNAVAILABLE -> new ServerUnavailableException(this, message);
            case NOT_LEADER -> new NotLeaderException(message);
        };
    }
}
