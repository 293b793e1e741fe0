package dev.cage.server.group;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;

/**
 * A member's questions to another member, and its entries for the group's log, over the group's own Raft port
 * (Ratis client requests): no other port, and no login, between members.
 */
final class LeaderQueries {
    private LeaderQueries() {
    }

    /** A client of the group that sends changes to {@code leader} and questions to {@code source}. */
    static RaftClient client(RaftGroupId group, RaftPeer leaderPeer, RaftPeer sourcePeer) {
        // A peer's client address is the member's Cage port; Ratis's own clients go to its Raft port.
        RaftPeer leader = RaftPeer.newBuilder(leaderPeer).setClientAddress(leaderPeer.getAddress()).build();
        RaftPeer source = RaftPeer.newBuilder(sourcePeer).setClientAddress(sourcePeer.getAddress()).build();
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(30, TimeUnit.SECONDS));
        return RaftClient.newBuilder().setProperties(p).setRaftGroup(RaftGroup.valueOf(group,
                leader.getId().equals(source.getId()) ? java.util.List.of(leader) : java.util.List.of(leader, source)))
            .setLeaderId(leader.getId())
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(5, TimeDuration.valueOf(1, TimeUnit.SECONDS)))
            .build();
    }

    /**
     * Asks {@code member} a question, answered by its state machine as it stands (a stale read: no leadership check,
     * and it works while that member's applying thread is held).
     */
    static byte[] ask(RaftClient client, RaftPeer member, byte[] query) throws IOException {
        RaftClientReply reply = client.io().sendStaleRead(Message.valueOf(UnsafeByteOperations.unsafeWrap(query)), 0,
            member.getId());
        if (!reply.isSuccess()) {
            throw new IOException("member " + member.getId() + " did not answer: " + reply.getException());
        }
        return reply.getMessage().getContent().toByteArray();
    }

    /** Puts an entry into the group's log; returns its index once the group has committed it. */
    static long append(RaftClient client, byte[] entry) throws IOException {
        RaftClientReply reply = client.io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)));
        if (!reply.isSuccess()) {
            throw new IOException("the group did not take the entry: " + reply.getException());
        }
        return reply.getLogIndex();
    }
}
