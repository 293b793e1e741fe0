package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One live session of a node, as the node reports it to an admin client.
 *
 * @param id            the session id (the one {@code AUTH_PROOF} handed out)
 * @param user          who logged in
 * @param admin         whether that user has the admin role
 * @param remoteAddress the client's address and port ({@code host:port}): of its data connection once attached,
 *                      of its login before
 * @param dataPort      the data port the session was given
 * @param attached      whether its data connection has attached (a session that just logged in has not yet)
 * @param loggedIn      when it logged in, by the node's clock
 * @param lastActive    its last request, by the node's clock
 * @param idle          how long it has been idle when the node answered; the node ends it past its idle timeout
 * @param openChannels  how many channels it has open
 * @param channels      those channels; fewer than {@code openChannels} only if the list alone would not fit a frame
 */
public record SessionInfo(long id, String user, boolean admin, String remoteAddress, int dataPort, boolean attached,
                          Instant loggedIn, Instant lastActive, Duration idle, int openChannels,
                          List<ChannelInfo> channels) {

    public SessionInfo {
        channels = List.copyOf(channels);
    }

    public void writeTo(ByteBuf out) {
        out.writeLong(id);
        Wire.writeString(out, user);
        out.writeByte(admin ? 1 : 0);
        Wire.writeString(out, remoteAddress);
        out.writeShort(dataPort).writeByte(attached ? 1 : 0);
        out.writeLong(JournalEntryInfo.micros(loggedIn)).writeLong(JournalEntryInfo.micros(lastActive))
            .writeLong(idle.toMillis());
        out.writeInt(openChannels).writeInt(channels.size());
        for (ChannelInfo c : channels) {
            c.writeTo(out);
        }
    }

    public static SessionInfo readFrom(ByteBuf in) throws ProtocolException {
        long id = Wire.readLong(in);
        String user = Wire.readString(in);
        boolean admin = Wire.readUnsignedByte(in) != 0;
        String remote = Wire.readString(in);
        int dataPort = Wire.readUnsignedShort(in);
        boolean attached = Wire.readUnsignedByte(in) != 0;
        Instant loggedIn = JournalEntryInfo.fromMicros(Wire.readLong(in));
        Instant lastActive = JournalEntryInfo.fromMicros(Wire.readLong(in));
        Duration idle = Duration.ofMillis(Wire.readLong(in));
        int open = Wire.readInt(in);
        int listed = Wire.readInt(in);
        if (listed < 0 || listed > in.readableBytes() / 35) {
            throw new ProtocolException(Status.MALFORMED_FRAME, "session lists " + listed + " channels: more than the frame holds");
        }
        List<ChannelInfo> channels = new ArrayList<>(listed);
        for (int i = 0; i < listed; i++) {
            channels.add(ChannelInfo.readFrom(in));
        }
        return new SessionInfo(id, user, admin, remote, dataPort, attached, loggedIn, lastActive, idle, open, channels);
    }

    /** The most bytes this entry takes on the wire, to know whether it still fits in a reply. */
    public int wireSize() {
        int n = 60 + user.length() * 3 + remoteAddress.length() * 3;
        for (ChannelInfo c : channels) {
            n += c.wireSize();
        }
        return n;
    }
}
