package dev.cage.server;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What one user or one peer may take of a node, so that nobody can exhaust its descriptors, connections or memory
 * for the others. Reaching a limit refuses that one request (or connection) with {@code LIMIT_REACHED} and a message
 * naming the limit; nothing else changes.
 *
 * @param channelsPerSession    open channels one session may hold
 * @param openChannels          open channels of all sessions together; {@code 0} derives it from the process's
 *                              descriptor limit, leaving a quarter of the descriptors for connections and the journal
 * @param sessionsPerUser       sessions one (non-admin) user may have at a time; an admin is never refused, so the
 *                              admin can always log in to end the others
 * @param connectionsPerAddress TCP connections from one remote address, over all ports, before login and after
 * @param connections           TCP connections in all
 * @param loginDeadline         time from connecting to the main port to the end of the login; bytes that trickle in
 *                              do not extend it
 * @param pendingBytesPerConnection request and reply bytes one data connection may have in the node at a time
 *                              (received and not yet answered, or answered and not yet taken by the client); past
 *                              it the node reads no further requests from that connection until the client reads
 * @param pendingBytes          the same for all data connections together; {@code 0} derives it from the heap (a
 *                              quarter of it, at least 256 MiB)
 * @param fileSize              the largest file a client may make (by writing or truncating past its end); a read
 *                              past it is out of range. Sparse files count by this size, not by the disk they take
 */
public record NodeLimits(int channelsPerSession, int openChannels, int sessionsPerUser, int connectionsPerAddress,
                         int connections, Duration loginDeadline, long pendingBytesPerConnection, long pendingBytes,
                         long fileSize) {

    public static final NodeLimits DEFAULT =
        new NodeLimits(1024, 0, 16, 256, 4096, Duration.ofSeconds(15), 16L << 20, 0, 1L << 40);

    public NodeLimits {
        if (channelsPerSession < 1 || openChannels < 0 || sessionsPerUser < 1 || connectionsPerAddress < 1
            || connections < 1 || pendingBytesPerConnection < 1 || pendingBytes < 0 || fileSize < 1) {
            throw new IllegalArgumentException("node limits must be positive (openChannels and pendingBytes may be 0:"
                + " derived)");
        }
        if (loginDeadline.isNegative() || loginDeadline.isZero()) {
            throw new IllegalArgumentException("the login deadline must be positive");
        }
    }

    /** Open channels the whole node may hold: as set, or three quarters of the process's descriptors. */
    int openChannelsOrDerived() {
        if (openChannels > 0) {
            return openChannels;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return (int) Math.max(256, Math.min(Integer.MAX_VALUE, max - max / 4));
        }
        return 65_536;
    }

    /** Request and reply bytes all data connections may hold: as set, or a quarter of the heap (at least 256 MiB). */
    long pendingBytesOrDerived() {
        return pendingBytes > 0 ? pendingBytes : Math.max(256L << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    public NodeLimits withChannelsPerSession(int n) {
        return new NodeLimits(n, openChannels, sessionsPerUser, connectionsPerAddress, connections,
            loginDeadline, pendingBytesPerConnection, pendingBytes, fileSize);
    }

    public NodeLimits withOpenChannels(int n) {
        return new NodeLimits(channelsPerSession, n, sessionsPerUser, connectionsPerAddress, connections,
            loginDeadline, pendingBytesPerConnection, pendingBytes, fileSize);
    }

    public NodeLimits withSessionsPerUser(int n) {
        return new NodeLimits(channelsPerSession, openChannels, n, connectionsPerAddress, connections,
            loginDeadline, pendingBytesPerConnection, pendingBytes, fileSize);
    }

    public NodeLimits withConnections(int perAddress, int total) {
        return new NodeLimits(channelsPerSession, openChannels, sessionsPerUser, perAddress, total,
            loginDeadline, pendingBytesPerConnection, pendingBytes, fileSize);
    }

    public NodeLimits withLoginDeadline(Duration d) {
        return new NodeLimits(channelsPerSession, openChannels, sessionsPerUser, connectionsPerAddress, connections,
            d, pendingBytesPerConnection, pendingBytes, fileSize);
    }

    public NodeLimits withPendingBytes(long perConnection, long total) {
        return new NodeLimits(channelsPerSession, openChannels, sessionsPerUser, connectionsPerAddress, connections,
            loginDeadline, perConnection, total, fileSize);
    }

    public NodeLimits withFileSize(long bytes) {
        return new NodeLimits(channelsPerSession, openChannels, sessionsPerUser, connectionsPerAddress, connections,
            loginDeadline, pendingBytesPerConnection, pendingBytes, bytes);
    }

    /** Refuses an offset a read may not start at: past the largest file size. */
    void checkReadOffset(long offset) throws dev.cage.protocol.InvalidArgumentException {
        if (offset > fileSize) {
            throw new dev.cage.protocol.InvalidArgumentException("offset " + offset + " is past the largest file size"
                + " of this node (fileSize " + fileSize + ")");
        }
    }

    /** Refuses a change that would make a file end past the largest file size. */
    void checkFileEnd(String what, long end) throws dev.cage.protocol.LimitReachedException {
        if (end > fileSize) {
            throw new dev.cage.protocol.LimitReachedException(what + " would make the file " + end + " bytes long, more"
                + " than this node keeps (fileSize " + fileSize + ")");
        }
    }
}
