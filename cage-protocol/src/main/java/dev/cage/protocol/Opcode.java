package dev.cage.protocol;

/**
 * Message types. The comment on each says what its body holds, in order; see {@link Wire} for the field
 * encodings. Every request is answered by one {@link #RESPONSE} frame carrying the same request id.
 */
public enum Opcode {
    /** First frame on every connection: int32 magic {@code "CAGE"}, uint16 version. Reply: uint16 version, int32 max frame size. */
    HELLO(1),
    /** Reply to a request: uint16 status, then the operation's result, or a string message when status is not OK. */
    RESPONSE(2),
    /** Main port: string user, bytes client nonce. Reply: bytes salt, int32 iterations, bytes server nonce. */
    AUTH_START(10),
    /** Main port: bytes client proof. Reply: bytes server signature, string token, uint16 data port, int64 session id, int64 idle timeout ms. */
    AUTH_PROOF(11),
    /** Data port, after HELLO: string token. Reply: int64 session id. */
    ATTACH(12),
    /** string path. Reply: empty. */
    CREATE(20),
    /** string path. Reply: empty. */
    REMOVE(21),
    /** string from, string to. Reply: empty. */
    RENAME(22),
    /** string path. Reply: empty. */
    MKDIR(23),
    /** string path. Reply: empty. */
    RMDIR(24),
    /** string path. Reply: int32 count, then count × (string name, {@link FileInfo} fields). */
    LIST(25),
    /** string path. Reply: {@link FileInfo} fields. */
    STAT(26),
    /**
     * string path, uint8 mode, uint8 create-if-missing. Reply: int64 handle, int64 size, int64 version,
     * int64 file id (stable across renames and restarts: it names the file, not the path).
     */
    OPEN(30),
    /** int64 handle. Reply: empty. */
    CLOSE(31),
    /** int64 handle, int64 offset, int32 length. Reply: int64 version, then the bytes read (to the end of the frame; fewer at end of file). */
    READ(32),
    /** int64 handle, int64 offset, then the bytes to write (to the end of the frame). Reply: int64 new size, int64 version. */
    WRITE(33),
    /** int64 handle, int64 size. Reply: int64 version. */
    TRUNCATE(34),
    /** int64 handle. Reply: empty. Forces the file's bytes to disk. */
    SYNC(35),
    /** int64 handle. Reply: {@link FileInfo} fields of the open file. */
    FSTAT(36),
    /**
     * int64 handle, int32 page size, int32 count, count × int64 page number. Reply: count × (int32 length,
     * 16 bytes of the SHA-256 of the page's bytes). Lets a waking client keep the cached pages that are
     * still current without reading them again.
     */
    CHECKSUMS(37),
    /**
     * Server to client, unasked: bytes of a file the client has open changed. int64 file id, int64 offset,
     * int64 length, int64 new version, int64 new size. The client drops what it caches of that range and
     * answers with an empty RESPONSE carrying the same request id; the change is acknowledged to its
     * writer only after every other opener has answered.
     */
    INVALIDATE(50),
    /**
     * Server to client, during a long request, with that request's id: int64 done, int64 total (-1 if not
     * known). Not a reply: the request's RESPONSE still follows.
     */
    PROGRESS(51),
    /**
     * Admin: string path prefix ({@code ""} for all), int64 from, int64 to (µs since the epoch, UTC;
     * Long.MIN_VALUE / Long.MAX_VALUE for open ends), int64 after seq, int32 limit, uint8 with bytes.
     * Reply: int32 count, count × {@link JournalEntryInfo}, uint8 more (1 if the page was cut short).
     */
    JOURNAL_QUERY(60),
    /** Admin: string path, uint8 subtree, int64 instant (µs). Reply: int32 undo steps taken. */
    JOURNAL_ROLLBACK(61),
    /** Admin. Reply: int64 namespace entries, int64 file entries, int64 blob bytes, int64 oldest, int64 newest (µs, or -1), int64 last checkpoint seq. */
    JOURNAL_STATS(62),
    /**
     * Admin: the node's live sessions, a page at a time, in session id order. int64 after session id (0 for the
     * first page). Reply: int32 count, count × {@link SessionInfo}, uint8 more (1 if the page was cut short: ask
     * again after the last id).
     *
     * <pre>
     * SessionInfo: int64 id | string user | uint8 admin | string remote address | uint16 data port | uint8 attached
     *            | int64 logged in (µs) | int64 last active (µs) | int64 idle (ms) | int32 open channels
     *            | int32 listed | listed × ChannelInfo
     * ChannelInfo: int64 handle | string path | uint8 mode | int64 file id | int64 version | int64 size (-1: unknown)
     * </pre>
     * A session lists fewer channels than it has open only when its list alone would not fit in a frame.
     */
    ADMIN_SESSIONS(63),
    /**
     * Admin: facts and counters of the node. Empty body. Reply: {@link NodeInfo}:
     *
     * <pre>
     * string version | uint16 protocol version | string root | string bind address | uint16 main port
     * | uint16 n | n × uint16 data port | uint8 tls | int64 started (µs) | int64 uptime (ms) | int64 idle timeout (ms)
     * | uint8 journal on | string journal dialect ("h2", "postgresql", "other"; "" when off)
     * | int32 sessions | int32 open files | int32 open channels
     * | int64 requests served | int64 reads served | int64 bytes read | int64 writes served | int64 bytes written
     * </pre>
     */
    ADMIN_NODE(64),
    /**
     * Stages transactional work on one open channel, in the session, without applying it: {@link BranchId} fields,
     * int32 chunk number (0, 1, ... per branch: a chunk that arrives out of turn, as after the client logged in again
     * and lost the session that held the earlier ones, is refused), int64 handle, int32 count, then count × op:
     * <pre>
     * +----------+------------------+----------------------------+
     * | uint8 1  | int64 offset     | bytes data   (a write)     |
     * | uint8 2  | int64 new size   |              (a truncate)  |
     * +----------+------------------+----------------------------+
     * </pre>
     * Ops apply in order. A write larger than a frame is sent as several writes. Reply: empty. Staged work dies with
     * the session (a rollback) and counts against the node's per-session staging limit.
     */
    TX_STAGE(70),
    /**
     * Phase 1: {@link BranchId} fields, int32 chunks staged. Makes the staged work durable in the journal and locks
     * the files it touches until TX_COMMIT or TX_ROLLBACK. Reply: empty.
     */
    TX_PREPARE(71),
    /**
     * {@link BranchId} fields, uint8 one phase, int32 chunks staged (one phase only). Applies a prepared branch (or,
     * one phase, the session's staged work) atomically: no reader sees part of it. Reply: int32 count, then count ×
     * (int64 file id, int64 offset, int64 length, int64 version, int64 size), the ranges that changed, so the
     * committer drops what its own cache holds of them.
     */
    TX_COMMIT(72),
    /** {@link BranchId} fields. Discards a staged branch, or a prepared one (its locks go). Reply: empty. */
    TX_ROLLBACK(73),
    /** Empty. Reply: int32 count, count × {@link BranchId} fields: the prepared branches visible to this user. */
    TX_RECOVER(74);

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
