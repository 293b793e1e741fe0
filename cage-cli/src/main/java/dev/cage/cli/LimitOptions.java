package dev.cage.cli;

import dev.cage.server.NodeLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code cage server}'s limits on what one user or peer may take of the node (see {@link NodeLimits}). */
final class LimitOptions {
    @Option(names = "--max-channels-per-session", paramLabel = "N",
        description = "Open channels one session may hold (default: 1024).")
    Integer channelsPerSession;

    @Option(names = "--max-open-channels", paramLabel = "N",
        description = "Open channels of all sessions together (default: three quarters of the process's descriptors).")
    Integer openChannels;

    @Option(names = "--max-sessions-per-user", paramLabel = "N",
        description = "Sessions one user may have at a time; an admin is never refused (default: 16).")
    Integer sessionsPerUser;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
        description = "TCP connections from one address, logged in or not (default: 256).")
    Integer connectionsPerAddress;

    @Option(names = "--max-connections", paramLabel = "N", description = "TCP connections in all (default: 4096).")
    Integer connections;

    @Option(names = "--login-deadline", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Time from connecting to the end of a login, however slowly its bytes come (default: 15s).")
    Duration loginDeadline;

    @Option(names = "--max-file-size", paramLabel = "BYTES",
        description = "The largest file a client may make, sparse or not (default: 1 TiB).")
    Long fileSize;

    /** The node's defaults with what was given here in their place. */
    NodeLimits limits() {
        NodeLimits l = NodeLimits.DEFAULT;
        if (channelsPerSession != null) {
            l = l.withChannelsPerSession(channelsPerSession);
        }
        if (openChannels != null) {
            l = l.withOpenChannels(openChannels);
        }
        if (sessionsPerUser != null) {
            l = l.withSessionsPerUser(sessionsPerUser);
        }
        if (connectionsPerAddress != null || connections != null) {
            l = l.withConnections(connectionsPerAddress != null ? connectionsPerAddress : l.connectionsPerAddress(),
                connections != null ? connections : l.connections());
        }
        if (loginDeadline != null) {
            l = l.withLoginDeadline(loginDeadline);
        }
        if (fileSize != null) {
            l = l.withFileSize(fileSize);
        }
        return l;
    }
}
