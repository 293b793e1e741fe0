package dev.cage.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One live session of a node, as {@link CageNodeAdmin#sessions()} reports it.
 *
 * @param id            the session id
 * @param user          who logged in
 * @param admin         whether that user has the admin role
 * @param remoteAddress the client's address and port ({@code host:port})
 * @param dataPort      the data port the session was given
 * @param attached      whether its data connection has attached (a session that just logged in has not yet)
 * @param loggedIn      when it logged in, by the node's clock
 * @param lastActive    its last request, by the node's clock
 * @param idle          how long it had been idle when the node answered
 * @param openChannels  how many channels it has open
 * @param channels      those channels; fewer than {@code openChannels} only if the node could not list them all
 */
public record SessionInfo(long id, String user, boolean admin, String remoteAddress, int dataPort, boolean attached,
                          Instant loggedIn, Instant lastActive, Duration idle, int openChannels,
                          List<ChannelInfo> channels) {

    public SessionInfo {
        channels = List.copyOf(channels);
    }
}
