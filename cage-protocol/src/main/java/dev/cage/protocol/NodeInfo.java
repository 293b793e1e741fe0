package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Facts and counters of one node, as it reports them to an admin client. Counters start at zero when the node
 * starts and only grow.
 *
 * @param version          the node's version ({@code "development build"} when not run from a released jar)
 * @param protocolVersion  the wire protocol version it speaks
 * @param root             the absolute path of the directory tree it serves
 * @param bindAddress      the interface it listens on
 * @param port             its main (authentication) port
 * @param dataPorts        its data ports
 * @param tls              whether it talks TLS
 * @param started          when it started, by its clock
 * @param uptime           how long it has run when it answered
 * @param idleTimeout      how long a session may stay idle before the node ends it
 * @param journal          whether it journals changes
 * @param journalDialect   the journal's database: {@code "h2"}, {@code "postgresql"}, {@code "other"}; {@code ""} when off
 * @param sessions         live sessions (including ones whose data connection has not attached yet)
 * @param openFiles        distinct files open
 * @param openChannels     channels open over all sessions (a file open twice counts twice)
 * @param requestsServed   data-port requests it ran (failed ones included)
 * @param readsServed      {@code READ} requests it answered from disk
 * @param bytesRead        bytes those reads returned
 * @param writesServed     {@code WRITE} requests it applied
 * @param bytesWritten     bytes those writes wrote
 */
public record NodeInfo(String version, int protocolVersion, String root, String bindAddress, int port,
                       List<Integer> dataPorts, boolean tls, Instant started, Duration uptime, Duration idleTimeout,
                       boolean journal, String journalDialect, int sessions, int openFiles, int openChannels,
                       long requestsServed, long readsServed, long bytesRead, long writesServed, long bytesWritten) {

    public NodeInfo {
        dataPorts = List.copyOf(dataPorts);
    }

    public void writeTo(ByteBuf out) {
        Wire.writeString(out, version);
        out.writeShort(protocolVersion);
        Wire.writeString(out, root);
        Wire.writeString(out, bindAddress);
        out.writeShort(port).writeShort(dataPorts.size());
        for (int p : dataPorts) {
            out.writeShort(p);
        }
        out.writeByte(tls ? 1 : 0);
        out.writeLong(JournalEntryInfo.micros(started)).writeLong(uptime.toMillis()).writeLong(idleTimeout.toMillis());
        out.writeByte(journal ? 1 : 0);
        Wire.writeString(out, journalDialect);
        out.writeInt(sessions).writeInt(openFiles).writeInt(openChannels);
        out.writeLong(requestsServed).writeLong(readsServed).writeLong(bytesRead).writeLong(writesServed)
            .writeLong(bytesWritten);
    }

    public static NodeInfo readFrom(ByteBuf in) throws ProtocolException {
        String version = Wire.readString(in);
        int protocol = Wire.readUnsignedShort(in);
        String root = Wire.readString(in);
        String bind = Wire.readString(in);
        int port = Wire.readUnsignedShort(in);
        int n = Wire.readUnsignedShort(in);
        List<Integer> dataPorts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dataPorts.add(Wire.readUnsignedShort(in));
        }
        boolean tls = Wire.readUnsignedByte(in) != 0;
        Instant started = JournalEntryInfo.fromMicros(Wire.readLong(in));
        Duration uptime = Duration.ofMillis(Wire.readLong(in));
        Duration idleTimeout = Duration.ofMillis(Wire.readLong(in));
        boolean journal = Wire.readUnsignedByte(in) != 0;
        String dialect = Wire.readString(in);
        Wire.need(in, 3 * Integer.BYTES + 5 * Long.BYTES);
        return new NodeInfo(version, protocol, root, bind, port, dataPorts, tls, started, uptime, idleTimeout, journal,
            dialect, in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
            in.readLong());
    }
}
