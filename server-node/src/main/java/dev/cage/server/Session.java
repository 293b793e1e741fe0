package dev.cage.server;

import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One authenticated client. Created on the main port with a token; lives on its data port once a
 * connection attaches with that token; ends on idle timeout, disconnect or shutdown.
 *
 * <p>Threads: {@code lastActive} is written by the data port's event loop and read by the reaper;
 * {@code files} is touched by worker threads (open, close) and by whoever ends the session.
 */
final class Session {
    private final long id;
    private final String user;
    private final String token;
    private final int dataPort;
    private final SocketAddress clientAddress;
    private final long createdMillis;
    private final Map<Long, OpenFile> files = new ConcurrentHashMap<>();
    private final Map<Integer, Runnable> awaitingAcks = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger pushIds = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long lastActiveMillis;
    private volatile Channel connection;
    private volatile boolean followerReads;
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

    private final boolean admin;
    /** Transaction branches this session is staging; touched by TX requests on the namespace lane only. */
    private final Map<dev.cage.protocol.BranchId, StagedBranch> staged = new ConcurrentHashMap<>();

    Session(long id, String user, boolean admin, String token, int dataPort, SocketAddress clientAddress, long nowMillis) {
        this.admin = admin;
        this.id = id;
        this.user = user;
        this.token = token;
        this.dataPort = dataPort;
        this.clientAddress = clientAddress;
        this.createdMillis = nowMillis;
        this.lastActiveMillis = nowMillis;
    }

    long id() {
        return id;
    }

    String user() {
        return user;
    }

    /** Whether the user has the admin role: journal queries and rollbacks. */
    boolean admin() {
        return admin;
    }

    String token() {
        return token;
    }

    int dataPort() {
        return dataPort;
    }

    SocketAddress clientAddress() {
        return clientAddress;
    }

    long createdMillis() {
        return createdMillis;
    }

    long lastActiveMillis() {
        return lastActiveMillis;
    }

    void touch(long nowMillis) {
        lastActiveMillis = nowMillis;
    }

    Channel connection() {
        return connection;
    }

    /**
     * Binds the session to its data connection; false if another connection got there first. {@code followerReads}:
     * in a group, it reads at this member whether or not it leads ({@link FollowerReads}).
     */
    synchronized boolean attach(Channel c, boolean followerReads) {
        if (connection != null) {
            return false;
        }
        connection = c;
        this.followerReads = followerReads;
        return true;
    }

    /** Whether this session asked to read at this member even when it does not lead the group. */
    boolean followerReads() {
        return followerReads;
    }

    boolean attached() {
        return connection != null;
    }

    /** The branches this session is staging; they die with it (a rollback). */
    Map<dev.cage.protocol.BranchId, StagedBranch> staged() {
        return staged;
    }

    Map<Long, OpenFile> files() {
        return files;
    }

    /** Registers what to run when the client acknowledges the push with the returned request id. */
    int expectAck(Runnable onAck) {
        int id;
        do {
            id = pushIds.incrementAndGet();
        } while (id == dev.cage.protocol.Protocol.UNSOLICITED);
        awaitingAcks.put(id, onAck);
        return id;
    }

    boolean awaitingAck(int id) {
        return awaitingAcks.containsKey(id);
    }

    /** The client answered a push. An unknown id (already timed out) is ignored. */
    void acknowledge(int id) {
        Runnable r = awaitingAcks.remove(id);
        if (r != null) {
            r.run();
        }
    }

    /** The session ended: nobody waits for its answers any more. */
    void releaseAcks() {
        for (Integer id : java.util.List.copyOf(awaitingAcks.keySet())) {
            acknowledge(id);
        }
    }

    boolean ended() {
        return ended.get();
    }

    /** Marks the session ended; true only for the one caller that did it. */
    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }
}
