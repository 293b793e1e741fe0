package dev.cage.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Facts and counters of one node, as {@link CageNodeAdmin#node()} reports them. Counters start at zero when the
 * node starts and only grow.
 *
 * @param version         the node's version ({@code "development build"} when not run from a released jar)
 * @param protocolVersion the wire protocol version it speaks
 * @param root            the absolute path of the directory tree it serves
 * @param bindAddress     the interface it listens on
 * @param port            its main (authentication) port
 * @param dataPorts       its data ports
 * @param tls             whether it talks TLS
 * @param started         when it started, by its clock
 * @param uptime          how long it had run when it answered
 * @param idleTimeout     how long a session may stay idle before the node ends it
 * @param journal         whether it journals changes
 * @param journalDialect  the journal's database: {@code "h2"}, {@code "postgresql"}, {@code "other"}; {@code ""} when off
 * @param sessions        live sessions
 * @param openFiles       distinct files open
 * @param openChannels    channels open over all sessions (a file open twice counts twice)
 * @param requestsServed  data requests it ran (failed ones included)
 * @param readsServed     reads it answered from disk
 * @param bytesRead       bytes those reads returned
 * @param writesServed    writes it applied
 * @param bytesWritten    bytes those writes wrote
 */
public record NodeInfo(String version, int protocolVersion, String root, String bindAddress, int port,
                       List<Integer> dataPorts, boolean tls, Instant started, Duration uptime, Duration idleTimeout,
                       boolean journal, String journalDialect, int sessions, int openFiles, int openChannels,
                       long requestsServed, long readsServed, long bytesRead, long writesServed, long bytesWritten) {

    public NodeInfo {
        dataPorts = List.copyOf(dataPorts);
    }
}
