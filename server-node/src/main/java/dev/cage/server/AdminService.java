package dev.cage.server;

import dev.cage.protocol.GroupInfo;
import dev.cage.protocol.message.GroupReply;
import dev.cage.protocol.message.GroupMembersRequest;
import dev.cage.protocol.message.GroupTransferRequest;
import dev.cage.protocol.AuthenticationException;
import dev.cage.protocol.ChannelInfo;
import dev.cage.protocol.Frame;
import dev.cage.protocol.NodeInfo;
import dev.cage.protocol.NodeStats;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Responses;
import dev.cage.protocol.SessionInfo;
import dev.cage.protocol.Status;
import dev.cage.protocol.UserInfo;
import dev.cage.protocol.CageFileNotFoundException;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.message.AdminEndSessionRequest;
import dev.cage.protocol.message.AdminSessionsReply;
import dev.cage.protocol.message.AdminSessionsRequest;
import dev.cage.protocol.message.EmptyRequest;
import dev.cage.protocol.message.NodeReply;
import dev.cage.protocol.message.NodeStatsReply;
import dev.cage.protocol.message.UserEnableRequest;
import dev.cage.protocol.message.UserPutRequest;
import dev.cage.protocol.message.UserSecretReply;
import dev.cage.protocol.message.UsersReply;
import dev.cage.protocol.message.Replies;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin-only node operations of the data port: its live sessions with their open channels, its facts and
 * counters, its requests by kind with their latencies, and its users; ending another session; adding, re-secreting,
 * disabling and enabling users. The reads only read what other threads keep up to date (the session map, each
 * session's open files, the counters), so a reply is a snapshot that may be mid-way through a concurrent open or
 * close, never torn within one channel.
 */
final class AdminService {
    private final Sessions sessions;
    private final Supplier<NodeInfo> node;
    private final Supplier<NodeStats> stats;
    private final Supplier<GroupInfo> group;
    private final GroupControl control;

    /** Changes a replicated group: fails if this node cannot (not a member, not the leader, a change that does not fit). */
    interface GroupControl {
        /** Hands the lead to another member, returning once it leads. */
        void transferLead(String member) throws IOException;

        /** Adds, promotes or removes a member, returning once the group has committed its new configuration. */
        void changeMembers(GroupMembersRequest change) throws IOException;
    }
    private final UserStore users;
    private final int maxFrameSize;

    AdminService(Sessions sessions, UserStore users, Supplier<NodeInfo> node, Supplier<NodeStats> stats,
                 Supplier<GroupInfo> group, GroupControl control, int maxFrameSize) {
        this.group = group;
        this.control = control;
        this.sessions = sessions;
        this.users = users;
        this.node = node;
        this.stats = stats;
        this.maxFrameSize = maxFrameSize;
    }

    Frame handle(Session s, Frame req, ByteBufAllocator alloc) throws IOException {
        if (!s.admin()) {
            throw new AuthenticationException(Status.ACCESS_DENIED,
                "user '" + s.user() + "' may not use " + req.opcode() + ": it needs the admin role");
        }
        ByteBuf in = req.body();
        return switch (req.opcode()) {
            case ADMIN_SESSIONS -> sessions(AdminSessionsRequest.decode(in).afterSessionId(), req.requestId(), alloc);
            case ADMIN_NODE -> {
                EmptyRequest.decode(req.opcode(), in);
                NodeInfo info = node.get();
                yield Replies.ok(alloc, req.requestId(), 256 + info.root().length() * 3, new NodeReply(info));
            }
            case ADMIN_STATS -> {
                EmptyRequest.decode(req.opcode(), in);
                yield Replies.ok(alloc, req.requestId(), 8 * (NodeStats.BUCKETS + 64), new NodeStatsReply(stats.get()));
            }
            case ADMIN_GROUP -> {
                EmptyRequest.decode(req.opcode(), in);
                GroupInfo g = group.get();
                yield Replies.ok(alloc, req.requestId(), 128 + 200 * g.members().size(), new GroupReply(g));
            }
            case ADMIN_GROUP_TRANSFER -> {
                control.transferLead(GroupTransferRequest.decode(in).member());
                yield Responses.ok(alloc, req.requestId(), 0);
            }
            case ADMIN_GROUP_MEMBERS -> {
                control.changeMembers(GroupMembersRequest.decode(in));
                yield Responses.ok(alloc, req.requestId(), 0);
            }
            case ADMIN_USERS -> {
                EmptyRequest.decode(req.opcode(), in);
                List<UserInfo> all = users.list().stream().map(u -> new UserInfo(u.name(), u.admin(), u.enabled())).toList();
                yield Replies.ok(alloc, req.requestId(), 64 * all.size() + 8, new UsersReply(all));
            }
            case ADMIN_USER_PUT -> {
                UserPutRequest r = UserPutRequest.decode(in);
                yield Replies.ok(alloc, req.requestId(), 64, new UserSecretReply(putUser(s, r)));
            }
            case ADMIN_USER_ENABLE -> {
                enableUser(s, UserEnableRequest.decode(in));
                yield Responses.ok(alloc, req.requestId(), 0);
            }
            case ADMIN_END_SESSION -> {
                endSession(s, AdminEndSessionRequest.decode(in));
                yield Responses.ok(alloc, req.requestId(), 0);
            }
            default -> throw new ProtocolException(Status.UNEXPECTED_MESSAGE, req.opcode() + " is not an admin operation");
        };
    }

    /** Adds a user or gives one a new secret and role (enabled); answers the new secret, which is stored nowhere. */
    private String putUser(Session caller, UserPutRequest r) throws IOException {
        if (r.name().equals(caller.user())) {
            // Whoever asks (a person, or the console's connection pool) would lock itself out at its next login.
            throw new InvalidArgumentException("you cannot change your own secret or role this way: use `cage user add`"
                + " on the node's machine");
        }
        String secret = UserStore.newSecret();
        try {
            users.put(r.name(), secret.toCharArray(), r.admin());
            users.setEnabled(r.name(), true);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
        System.getLogger(AdminService.class.getName()).log(System.Logger.Level.INFO,
            "admin ''{0}'' set a new secret for user ''{1}''{2}", caller.user(), r.name(), r.admin() ? " (admin)" : "");
        return secret;
    }

    /** Lets a user log in again, or disables it and ends its live sessions. */
    private void enableUser(Session caller, UserEnableRequest r) throws IOException {
        if (!r.enabled() && r.name().equals(caller.user())) {
            throw new InvalidArgumentException("you cannot disable yourself");
        }
        if (!users.setEnabled(r.name(), r.enabled())) {
            throw new CageFileNotFoundException("no user '" + r.name() + "'");
        }
        if (!r.enabled()) {
            for (Session x : sessions.all()) {
                if (x.user().equals(r.name())) {
                    sessions.end(x, Status.SESSION_ENDED, "user '" + r.name() + "' disabled by admin '" + caller.user() + "'");
                }
            }
        }
    }

    /**
     * Ends another session: its client hears {@code SESSION_ENDED} with who ended it and why, its channels are
     * released behind their pending requests, and its connection closes. An admin cannot end its own session this
     * way (the reply would never arrive): it closes its client instead.
     */
    private void endSession(Session caller, AdminEndSessionRequest r) throws IOException {
        if (r.sessionId() == caller.id()) {
            throw new InvalidArgumentException("session " + r.sessionId() + " is your own: close the client instead");
        }
        Session target = sessions.all().stream().filter(x -> x.id() == r.sessionId() && !x.ended()).findFirst()
            .orElseThrow(() -> new CageFileNotFoundException("no live session " + r.sessionId()));
        String why = "session " + target.id() + " ended by admin '" + caller.user() + "'"
            + (r.reason().isBlank() ? "" : ": " + r.reason());
        System.getLogger(AdminService.class.getName()).log(System.Logger.Level.INFO, why);
        sessions.end(target, Status.SESSION_ENDED, why);
    }

    private Frame sessions(long after, int id, ByteBufAllocator alloc) {
        long now = sessions.now();
        List<Session> live = sessions.all().stream().filter(x -> x.id() > after && !x.ended())
            .sorted(Comparator.comparingLong(Session::id)).toList();
        int room = maxFrameSize - 64;
        List<SessionInfo> page = new ArrayList<>();
        boolean more = false;
        for (Session x : live) {
            SessionInfo info = info(x, now);
            if (info.wireSize() > room) {
                if (!page.isEmpty()) {
                    more = true;
                    break;
                }
                info = trimmed(info, room); // one session with more channels than a frame holds: list what fits
            }
            room -= info.wireSize();
            page.add(info);
        }
        return Replies.ok(alloc, id, maxFrameSize - 64 - room + 8, new AdminSessionsReply(page, more));
    }

    static SessionInfo info(Session s, long nowMillis) {
        List<ChannelInfo> channels = s.files().values().stream().sorted(Comparator.comparingLong(OpenFile::handle))
            .map(AdminService::channel).toList();
        Channel c = s.connection();
        SocketAddress remote = c != null && c.remoteAddress() != null ? c.remoteAddress() : s.clientAddress();
        long last = s.lastActiveMillis();
        return new SessionInfo(s.id(), s.user(), s.admin(), format(remote), s.dataPort(), s.attached(),
            Instant.ofEpochMilli(s.createdMillis()), Instant.ofEpochMilli(last),
            Duration.ofMillis(Math.max(0, nowMillis - last)), channels.size(), channels);
    }

    private static ChannelInfo channel(OpenFile f) {
        long size;
        try {
            size = f.channel().size(); // one fstat: cheap, and the file's real size even while others write
        } catch (IOException closedMeanwhile) {
            size = -1;
        }
        return new ChannelInfo(f.handle(), f.file().key(), f.mode(), f.file().fileId(), f.file().version(), size);
    }

    private static SessionInfo trimmed(SessionInfo s, int room) {
        List<ChannelInfo> kept = new ArrayList<>();
        int left = room - new SessionInfo(s.id(), s.user(), s.admin(), s.remoteAddress(), s.dataPort(), s.attached(),
            s.loggedIn(), s.lastActive(), s.idle(), 0, List.of()).wireSize();
        for (ChannelInfo c : s.channels()) {
            if (c.wireSize() > left) {
                break;
            }
            left -= c.wireSize();
            kept.add(c);
        }
        return new SessionInfo(s.id(), s.user(), s.admin(), s.remoteAddress(), s.dataPort(), s.attached(), s.loggedIn(),
            s.lastActive(), s.idle(), s.openChannels(), kept);
    }

    private static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return a == null ? "" : a.toString();
    }
}
