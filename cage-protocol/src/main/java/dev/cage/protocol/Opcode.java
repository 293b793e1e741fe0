package dev.cage.protocol;

/**
 * Message types. Each request body, and the result fields of its reply, is a type in
 * {@link dev.cage.protocol.message} whose Javadoc draws the layout; see {@link Wire} for the field encodings. Every
 * request is answered by one {@link #RESPONSE} frame carrying the same request id.
 */
public enum Opcode {
    /** First frame on every connection: {@link dev.cage.protocol.message.HelloRequest}, reply {@link dev.cage.protocol.message.HelloReply}. */
    HELLO(1),
    /** Reply to a request: uint16 status, then the operation's result, or a string message when status is not OK. */
    RESPONSE(2),
    /** Main port: {@link dev.cage.protocol.message.AuthStartRequest}, reply {@link dev.cage.protocol.message.AuthStartReply}. */
    AUTH_START(10),
    /** Main port: {@link dev.cage.protocol.message.AuthProofRequest}, reply {@link dev.cage.protocol.message.AuthProofReply}. */
    AUTH_PROOF(11),
    /** Data port, after HELLO: {@link dev.cage.protocol.message.AttachRequest}, reply {@link dev.cage.protocol.message.AttachReply}. */
    ATTACH(12),
    /** {@link dev.cage.protocol.message.PathRequest}. Reply: empty. */
    CREATE(20),
    /** {@link dev.cage.protocol.message.PathRequest}. Reply: empty. */
    REMOVE(21),
    /** {@link dev.cage.protocol.message.RenameRequest}. Reply: empty. */
    RENAME(22),
    /** {@link dev.cage.protocol.message.PathRequest}. Reply: empty. */
    MKDIR(23),
    /** {@link dev.cage.protocol.message.PathRequest}. Reply: empty. */
    RMDIR(24),
    /** {@link dev.cage.protocol.message.PathRequest}, reply {@link dev.cage.protocol.message.ListReply}. */
    LIST(25),
    /** {@link dev.cage.protocol.message.PathRequest}, reply {@link dev.cage.protocol.message.StatReply}. */
    STAT(26),
    /** {@link dev.cage.protocol.message.PathRequest}, reply {@link dev.cage.protocol.message.SpaceReply}. */
    STATFS(27),
    /** {@link dev.cage.protocol.message.ListPageRequest}, reply {@link dev.cage.protocol.message.ListPageReply}. */
    LIST_PAGE(28),
    /** {@link dev.cage.protocol.message.OpenRequest}, reply {@link dev.cage.protocol.message.OpenReply}. */
    OPEN(30),
    /** {@link dev.cage.protocol.message.HandleRequest}. Reply: empty. */
    CLOSE(31),
    /** {@link dev.cage.protocol.message.ReadRequest}, reply {@link dev.cage.protocol.message.ReadReply}. */
    READ(32),
    /** {@link dev.cage.protocol.message.WriteRequest}, reply {@link dev.cage.protocol.message.WriteReply}. */
    WRITE(33),
    /** {@link dev.cage.protocol.message.TruncateRequest}, reply {@link dev.cage.protocol.message.TruncateReply}. */
    TRUNCATE(34),
    /** {@link dev.cage.protocol.message.HandleRequest}. Reply: empty. Forces the file's bytes to disk. */
    SYNC(35),
    /** {@link dev.cage.protocol.message.HandleRequest}, reply {@link dev.cage.protocol.message.StatReply} of the open file. */
    FSTAT(36),
    /** {@link dev.cage.protocol.message.ChecksumsRequest}, reply {@link dev.cage.protocol.message.ChecksumsReply}. */
    CHECKSUMS(37),
    /** Node to client, unasked: {@link dev.cage.protocol.message.InvalidateRequest}. Reply: empty. */
    INVALIDATE(50),
    /** Node to client, during a long request, with its id: {@link dev.cage.protocol.message.Progress}. Not a reply. */
    PROGRESS(51),
    /** Admin: {@link dev.cage.protocol.message.JournalQueryRequest}, reply {@link dev.cage.protocol.message.JournalQueryReply}. */
    JOURNAL_QUERY(60),
    /** Admin: {@link dev.cage.protocol.message.JournalRollbackRequest}, reply {@link dev.cage.protocol.message.JournalRollbackReply}. */
    JOURNAL_ROLLBACK(61),
    /** Admin: {@link dev.cage.protocol.message.EmptyRequest}, reply {@link dev.cage.protocol.message.JournalStatsReply}. */
    JOURNAL_STATS(62),
    /** Admin: {@link dev.cage.protocol.message.AdminSessionsRequest}, reply {@link dev.cage.protocol.message.AdminSessionsReply}. */
    ADMIN_SESSIONS(63),
    /** Admin: {@link dev.cage.protocol.message.EmptyRequest}, reply {@link dev.cage.protocol.message.NodeReply}. */
    ADMIN_NODE(64),
    /** Admin: {@link dev.cage.protocol.message.AdminEndSessionRequest}. Reply: empty. */
    ADMIN_END_SESSION(65),
    /** Admin: {@link dev.cage.protocol.message.EmptyRequest}, reply {@link dev.cage.protocol.message.NodeStatsReply}. */
    ADMIN_STATS(66),
    /** Admin: {@link dev.cage.protocol.message.EmptyRequest}, reply {@link dev.cage.protocol.message.UsersReply}. */
    ADMIN_USERS(67),
    /** Admin: {@link dev.cage.protocol.message.UserPutRequest}, reply {@link dev.cage.protocol.message.UserSecretReply}. */
    ADMIN_USER_PUT(68),
    /** Admin: {@link dev.cage.protocol.message.UserEnableRequest}. Reply: empty. */
    ADMIN_USER_ENABLE(69),
    /** {@link dev.cage.protocol.message.TxStageRequest}. Reply: empty. */
    TX_STAGE(70),
    /** Phase 1: {@link dev.cage.protocol.message.TxPrepareRequest}. Reply: empty. */
    TX_PREPARE(71),
    /** {@link dev.cage.protocol.message.TxCommitRequest}, reply {@link dev.cage.protocol.message.TxCommitReply}. */
    TX_COMMIT(72),
    /** {@link dev.cage.protocol.message.TxRollbackRequest}. Reply: empty. */
    TX_ROLLBACK(73),
    /** {@link dev.cage.protocol.message.EmptyRequest}, reply {@link dev.cage.protocol.message.TxRecoverReply}. */
    TX_RECOVER(74),
    /** Admin: {@link dev.cage.protocol.message.JournalReadAsOfRequest}, reply {@link dev.cage.protocol.message.JournalReadAsOfReply}. */
    JOURNAL_READ_AS_OF(75),
    /** Admin: {@link dev.cage.protocol.message.EmptyRequest}, reply {@link dev.cage.protocol.message.GroupReply}. */
    ADMIN_GROUP(76),
    /** Admin: {@link dev.cage.protocol.message.GroupTransferRequest}. Reply: empty. */
    ADMIN_GROUP_TRANSFER(77),
    /** Admin: {@link dev.cage.protocol.message.GroupMembersRequest}. Reply: empty. */
    ADMIN_GROUP_MEMBERS(78),
    /** Admin: {@link dev.cage.protocol.message.JournalBranchRequest}, reply {@link dev.cage.protocol.message.JournalRollbackReply}. */
    JOURNAL_BRANCH(79);

    private static final Opcode[] BY_CODE = new Opcode[256];

    static {
        for (Opcode o : values()) {
            BY_CODE[o.code] = o;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The opcode for a wire byte, or {@code null} if the byte names none. */
    public static Opcode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
