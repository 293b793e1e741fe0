package dev.cage.adapter;

import dev.cage.api.AuthenticationException;
import dev.cage.api.CacheStats;
import dev.cage.api.CageException;
import dev.cage.api.CageFileExistsException;
import dev.cage.api.CageFileNotFoundException;
import dev.cage.api.CageJournal;
import dev.cage.api.ChannelClosedException;
import dev.cage.api.ChannelInfo;
import dev.cage.api.FileBusyException;
import dev.cage.api.FileInfo;
import dev.cage.api.FileLockedException;
import dev.cage.api.FileType;
import dev.cage.api.InvalidArgumentException;
import dev.cage.api.InvalidPathException;
import dev.cage.api.JournalEntryInfo;
import dev.cage.api.NodeInfo;
import dev.cage.api.NodeStats;
import dev.cage.api.NotLeaderException;
import dev.cage.api.OpenMode;
import dev.cage.api.ProtocolException;
import dev.cage.api.ReadOnlyChannelException;
import dev.cage.api.ServerErrorException;
import dev.cage.api.ServerUnavailableException;
import dev.cage.api.SessionEndedException;
import dev.cage.api.SessionExpiredException;
import dev.cage.api.SessionInfo;
import dev.cage.api.SharingConflictException;
import dev.cage.api.TierStats;
import dev.cage.api.TransactionConflictException;
import dev.cage.api.TransactionTooLargeException;
import dev.cage.api.LimitReachedException;
import dev.cage.api.TransactionUnknownException;
import dev.cage.api.WrongFileTypeException;
import dev.cage.protocol.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where the client's values and exceptions become the API's ({@code dev.cage.api}) and back. Every
 * boundary of a connection handle ({@link CageConnectionImpl}, {@link JournalView}, {@link NodeAdminView}) goes
 * through here, so an application never holds a protocol or client type.
 */
final class ApiTypes {
    private ApiTypes() {
    }

    /** A failure as text for those who see only text (a container's log, a message): its API type and message. */
    static String describe(CageException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * The API exception of the same kind as a client one: same message, same status code and name, the client
     * exception as its cause. The switch has no default, so a new {@link Status} does not compile until mapped.
     */
    static CageException exception(dev.cage.protocol.CageException e) {
        Status s = e.status();
        String m = e.getMessage();
        int code = s.code();
        String name = s.name();
        return switch (s) {
            case OK -> new CageException(code, name, m, e); // never sent as a failure; kept as it came
            case MALFORMED_FRAME, FRAME_TOO_LARGE, UNSUPPORTED_VERSION, UNEXPECTED_MESSAGE ->
                new ProtocolException(code, name, m, e);
            case AUTH_FAILED, TOKEN_INVALID, ACCESS_DENIED -> new AuthenticationException(code, name, m, e);
            case SESSION_EXPIRED -> new SessionExpiredException(m, e);
            case SESSION_ENDED -> new SessionEndedException(m, e);
            case NOT_FOUND -> new CageFileNotFoundException(m, e);
            case ALREADY_EXISTS -> new CageFileExistsException(m, e);
            case INVALID_PATH -> new InvalidPathException(m, e);
            case NOT_A_DIRECTORY, IS_A_DIRECTORY, DIRECTORY_NOT_EMPTY -> new WrongFileTypeException(code, name, m, e);
            case SHARING_CONFLICT -> new SharingConflictException(m, e);
            case FILE_BUSY -> new FileBusyException(m, e);
            case CHANNEL_CLOSED -> new ChannelClosedException(m, e);
            case READ_ONLY_CHANNEL -> new ReadOnlyChannelException(m, e);
            case INVALID_ARGUMENT -> new InvalidArgumentException(m, e);
            case FILE_LOCKED -> new FileLockedException(m, e);
            case TRANSACTION_UNKNOWN -> new TransactionUnknownException(m, e);
            case TRANSACTION_TOO_LARGE -> new TransactionTooLargeException(m, e);
            case TRANSACTION_CONFLICT -> new TransactionConflictException(m, e);
            case LIMIT_REACHED -> new LimitReachedException(m, e);
            case IO_ERROR, INTERNAL_ERROR, JOURNAL_UNAVAILABLE -> new ServerErrorException(code, name, m, e);
            case SHUTTING_DOWN, UNAVAILABLE -> new ServerUnavailableException(code, name, m, e);
            case NOT_LEADER -> new NotLeaderException(m, e);
        };
    }

    static OpenMode mode(dev.cage.protocol.OpenMode m) {
        return switch (m) {
            case EXCLUSIVE -> OpenMode.EXCLUSIVE;
            case SHARED_READ -> OpenMode.SHARED_READ;
            case SHARED_WRITE -> OpenMode.SHARED_WRITE;
        };
    }

    static dev.cage.protocol.OpenMode mode(OpenMode m) {
        return switch (m) {
            case EXCLUSIVE -> dev.cage.protocol.OpenMode.EXCLUSIVE;
            case SHARED_READ -> dev.cage.protocol.OpenMode.SHARED_READ;
            case SHARED_WRITE -> dev.cage.protocol.OpenMode.SHARED_WRITE;
        };
    }

    static FileType type(dev.cage.protocol.FileType t) {
        return switch (t) {
            case FILE -> FileType.FILE;
            case DIRECTORY -> FileType.DIRECTORY;
            case OTHER -> FileType.OTHER;
        };
    }

    static FileInfo fileInfo(dev.cage.protocol.FileInfo i) {
        return new FileInfo(i.name(), type(i.type()), i.size(), i.created(), i.modified(), i.version());
    }

    static List<FileInfo> fileInfos(List<dev.cage.protocol.FileInfo> l) {
        return l.stream().map(ApiTypes::fileInfo).toList();
    }

    static CacheStats cacheStats(dev.cage.client.CacheStats s) {
        return new CacheStats(s.hits(), s.misses(), s.evictions(), s.writeBacks(), s.invalidations(), s.bytesCached(),
            s.pagesCached());
    }

    static TierStats tierStats(dev.cage.client.TierStats s) {
        return new TierStats(s.localHits(), s.clusterHits(), s.serverReads(), s.evictions(), s.invalidations(),
            s.published(), s.clusterErrors(), s.sharedBytesOnMember(), s.sharedPagesOnMember(),
            s.sharedEvictionsOnMember());
    }

    static JournalEntryInfo journalEntry(dev.cage.protocol.JournalEntryInfo e) {
        return new JournalEntryInfo(e.seq(), e.time(), e.sessionId(), e.user(), e.op(), e.path(), e.path2(),
            e.outcome(), e.offset(), e.length(), e.oldSize(), e.newSize(), e.newBytes());
    }

    static CageJournal.Summary summary(dev.cage.client.CageJournal.Summary s) {
        return new CageJournal.Summary(s.namespaceEntries(), s.fileEntries(), s.blobBytes(), s.oldest(), s.newest(),
            s.lastCheckpointSeq());
    }

    static ChannelInfo channelInfo(dev.cage.protocol.ChannelInfo c) {
        return new ChannelInfo(c.handle(), c.path(), mode(c.mode()), c.fileId(), c.version(), c.size());
    }

    static SessionInfo sessionInfo(dev.cage.protocol.SessionInfo s) {
        return new SessionInfo(s.id(), s.user(), s.admin(), s.remoteAddress(), s.dataPort(), s.attached(),
            s.loggedIn(), s.lastActive(), s.idle(), s.openChannels(),
            s.channels().stream().map(ApiTypes::channelInfo).toList());
    }

    /** A group as the API shows it: each member's lag worked out against the highest commit index known. */
    static dev.cage.api.GroupInfo groupInfo(dev.cage.protocol.GroupInfo g) {
        long commit = g.commitIndex();
        return new dev.cage.api.GroupInfo(g.name(), g.self(), g.leader(), g.term(), g.lastApplied(), g.members().stream()
            .map(m -> new dev.cage.api.GroupMemberInfo(m.id(), m.address(), m.raftAddress(), m.role(), m.commitIndex(),
                m.commitIndex() < 0 || commit < 0 ? -1 : commit - m.commitIndex()))
            .toList());
    }

    static NodeInfo nodeInfo(dev.cage.protocol.NodeInfo n) {
        return new NodeInfo(n.version(), n.protocolVersion(), n.root(), n.bindAddress(), n.port(), n.dataPorts(),
            n.tls(), n.started(), n.uptime(), n.idleTimeout(), n.journal(), n.journalDialect(), n.sessions(),
            n.openFiles(), n.openChannels(), n.requestsServed(), n.readsServed(), n.bytesRead(), n.writesServed(),
            n.bytesWritten());
    }

    static NodeStats nodeStats(dev.cage.protocol.NodeStats n) {
        Map<String, Long> requests = new LinkedHashMap<>();
        n.requests().forEach((op, count) -> requests.put(op.name(), count));
        return new NodeStats(requests, n.latency(), n.journalRecords());
    }
}
