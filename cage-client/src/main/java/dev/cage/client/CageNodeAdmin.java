package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.GroupInfo;
import dev.cage.protocol.NodeInfo;
import dev.cage.protocol.NodeStats;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.SessionInfo;
import dev.cage.protocol.UserInfo;
import dev.cage.protocol.message.AdminEndSessionRequest;
import dev.cage.protocol.message.AdminSessionsReply;
import dev.cage.protocol.message.AdminSessionsRequest;
import dev.cage.protocol.message.EmptyRequest;
import dev.cage.protocol.message.GroupReply;
import dev.cage.protocol.message.GroupMembersRequest;
import dev.cage.protocol.message.GroupTransferRequest;
import dev.cage.protocol.message.NodeReply;
import dev.cage.protocol.message.NodeStatsReply;
import dev.cage.protocol.message.UserEnableRequest;
import dev.cage.protocol.message.UserPutRequest;
import dev.cage.protocol.message.UserSecretReply;
import dev.cage.protocol.message.UsersReply;
import java.util.ArrayList;
import java.util.List;

/**
 * What an admin may ask a node about itself (its live sessions with their open channels, its facts and counters, its
 * requests by kind and their latencies, its users) and change (end another session; add, re-secret, disable or
 * enable a user). Obtained from {@link Cage#admin(String)}; every call is one round trip (or one per page of
 * sessions). Calls that only read, and enabling or disabling a user, are sent again after a re-login when they meet
 * a lost connection; ending a session and setting a secret are not (they may have been applied). Users without the
 * admin role get {@link dev.cage.protocol.AuthenticationException} with status {@code ACCESS_DENIED}.
 */
public final class CageNodeAdmin {
    private final ServerLink link;

    CageNodeAdmin(ServerLink link) {
        this.link = link;
    }

    /**
     * The node's live sessions, in the order they logged in, each with its open channels. The caller's own
     * session is among them.
     *
     * @throws dev.cage.protocol.AuthenticationException if the user lacks the admin role
     * @throws CageException if the node cannot be reached or answers with another failure
     */
    public List<SessionInfo> sessions() throws CageException {
        List<SessionInfo> all = new ArrayList<>();
        long after = 0;
        boolean more = true;
        while (more) {
            long cursor = after;
            Frame reply = link.call(new AdminSessionsRequest(cursor), true);
            AdminSessionsReply page;
            try {
                page = AdminSessionsReply.decode(reply.body());
            } finally {
                reply.release();
            }
            for (SessionInfo s : page.sessions()) {
                after = s.id();
                all.add(s);
            }
            more = page.more() && !page.sessions().isEmpty();
        }
        return all;
    }

    /**
     * The node's data-port requests by kind, their latencies (arrival to reply) in buckets, and the records its journal
     * has appended, all since it started; two answers' difference describes the time between them.
     */
    public NodeStats stats() throws CageException {
        Frame reply = link.call(new EmptyRequest(Opcode.ADMIN_STATS), true);
        try {
            return NodeStatsReply.decode(reply.body()).stats();
        } finally {
            reply.release();
        }
    }

    /** The node's users, by name, with their role and whether they may log in. */
    public List<UserInfo> users() throws CageException {
        Frame reply = link.call(new EmptyRequest(Opcode.ADMIN_USERS), true);
        try {
            return UsersReply.decode(reply.body()).users();
        } finally {
            reply.release();
        }
    }

    /**
     * Adds a user, or gives an existing one a new secret and this role, and enables it. The node makes the secret and
     * answers it here, once: it keeps only SCRAM keys. Not repeated after a lost connection.
     *
     * @throws dev.cage.protocol.InvalidArgumentException for a name with {@code =} or {@code :}, or the caller's own
     *                                                    user (it would lock itself out)
     */
    public String putUser(String name, boolean admin) throws CageException {
        Frame reply = link.call(new UserPutRequest(name, admin), false);
        try {
            return UserSecretReply.decode(reply.body()).secret();
        } finally {
            reply.release();
        }
    }

    /**
     * Lets a user log in again, or no longer: disabling also ends its live sessions ({@code SESSION_ENDED}).
     *
     * @throws dev.cage.protocol.CageFileNotFoundException if there is no such user
     * @throws dev.cage.protocol.InvalidArgumentException  if an admin disables itself
     */
    public void setUserEnabled(String name, boolean enabled) throws CageException {
        link.call(new UserEnableRequest(name, enabled), true).release();
    }

    /**
     * Ends another live session: its client's next call fails with
     * {@link dev.cage.protocol.SessionEndedException} naming this user and {@code reason}, its open channels are
     * closed (and not reopened), and a later call of that client logs in again. Not repeated after a lost connection
     * (it may have been applied).
     *
     * @throws dev.cage.protocol.CageFileNotFoundException if no live session has this id
     * @throws dev.cage.protocol.InvalidArgumentException if it is the caller's own session
     * @throws dev.cage.protocol.AuthenticationException if the user lacks the admin role
     */
    public void endSession(long sessionId, String reason) throws CageException {
        link.call(new AdminEndSessionRequest(sessionId, reason == null ? "" : reason), false).release();
    }

    /**
     * The node's facts (version, root, ports, uptime, journal) and counters (requests, reads and writes served,
     * bytes read and written) as of this call.
     *
     * @throws dev.cage.protocol.AuthenticationException if the user lacks the admin role
     * @throws CageException if the node cannot be reached or answers with another failure
     */
    public NodeInfo node() throws CageException {
        Frame reply = link.call(new EmptyRequest(Opcode.ADMIN_NODE), true);
        try {
            return NodeReply.decode(reply.body()).node();
        } finally {
            reply.release();
        }
    }

    /**
     * The replicated group as the member this client talks to sees it: its leader, term, how far it has applied, and
     * every member with its commit index as far as that member knows it ({@link GroupInfo#none()} for a standalone
     * node).
     *
     * @throws dev.cage.protocol.AuthenticationException if the user lacks the admin role
     * @throws CageException if the node cannot be reached or answers with another failure
     */
    public GroupInfo group() throws CageException {
        Frame reply = link.call(new EmptyRequest(Opcode.ADMIN_GROUP), true);
        try {
            return GroupReply.decode(reply.body()).group();
        } finally {
            reply.release();
        }
    }

    /**
     * Asks a replicated group's leader to hand the lead to member {@code member}; returns once that member leads.
     * Clients, this one included, follow the new leader on their next call.
     *
     * @throws dev.cage.protocol.InvalidArgumentException if the group has no such member, or the node is standalone
     * @throws CageException if the node cannot be reached, is not the leader, or the transfer failed
     */
    public void transferLead(String member) throws CageException {
        link.call(new GroupTransferRequest(member), true).release();
    }

    /**
     * Adds a running node (started to join the group) as a member of a replicated group: a spare, which receives and
     * applies the log without voting, or a voter. Asked of the leader; returns once the group has taken the member,
     * which catches up from the others' log.
     *
     * @param address the new member's {@code host:port:raftPort}
     * @throws dev.cage.protocol.InvalidArgumentException if the id or an address is the group's already
     * @throws CageException if the node cannot be reached, is not the leader, or the group did not take the change
     */
    public void addMember(String member, String address, boolean spare) throws CageException {
        changeMembers(new GroupMembersRequest(spare ? GroupMembersRequest.Action.ADD_SPARE
            : GroupMembersRequest.Action.ADD_VOTER, member, address));
    }

    /** Makes spare {@code member} a voter; as {@link #addMember}. */
    public void promote(String member) throws CageException {
        changeMembers(new GroupMembersRequest(GroupMembersRequest.Action.PROMOTE, member, ""));
    }

    /** Takes {@code member} (a voter, the leader included, or a spare) out of the group; as {@link #addMember}. */
    public void removeMember(String member) throws CageException {
        changeMembers(new GroupMembersRequest(GroupMembersRequest.Action.REMOVE, member, ""));
    }

    private void changeMembers(GroupMembersRequest change) throws CageException {
        link.call(change, true).release();
    }
}
