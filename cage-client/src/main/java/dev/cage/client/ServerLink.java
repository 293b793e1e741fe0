package dev.cage.client;

import dev.cage.protocol.AuthenticationException;
import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Scram;
import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.SessionEndedException;
import dev.cage.protocol.Status;
import dev.cage.protocol.message.AttachRequest;
import dev.cage.protocol.message.AuthProofReply;
import dev.cage.protocol.message.AuthProofRequest;
import dev.cage.protocol.message.AuthStartReply;
import dev.cage.protocol.message.AuthStartRequest;
import dev.cage.protocol.message.OpenReply;
import dev.cage.protocol.message.Request;
import io.netty.buffer.ByteBuf;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The link from one {@link Cage} to one named server: logs in on the main port, attaches to the data port
 * it is given, and logs in again when the connection is lost (server restart, idle timeout), reopening the
 * channels that were open. Calls retry across a reconnect only when repeating them is harmless; the rest
 * fail with a clear error. Nothing waits longer than the response timeout.
 *
 * <p>Threads: any thread may call; one reconnect runs at a time under {@code connectLock}.
 */
final class ServerLink {
    /** Makes a request; called again for each attempt, so a request on a channel carries its current handle. */
    @FunctionalInterface
    interface Body {
        Request make() throws CageException;
    }

    private final String name;
    private final ServerSpec spec;
    private final SslContext ssl;
    private final int maxFrameSize;
    private final long timeoutMillis;
    private final Set<CageChannel> channels = ConcurrentHashMap.newKeySet();
    /**
     * The node, or every member of a replicated group, to log in to; {@code member} is the one in use. The members a
     * login reply names are added (never removed, so {@code member} stays valid); replaced whole under {@code memberLock}.
     */
    private volatile java.util.List<java.net.InetSocketAddress> members;
    /** The replicated group's name once a login reply gave it; {@code null} for a standalone node or before. */
    private volatile String group;
    private volatile int member;
    /** Guards {@code member} and {@code leftBehind}: the connection the link last moved on from. */
    private final Object memberLock = new Object();
    private Connection leftBehind;
    /** The longest pause between two login attempts when the server is a replicated group. */
    private static final long GROUP_RETRY_PAUSE_MILLIS = 100;
    /** The least a group member is given to answer before the client moves on to the next. */
    private static final long MIN_MEMBER_WAIT_MILLIS = 250;
    /** Logins tried before a lone node that refuses every connection, and never accepted one, is reported. */
    private static final int FIRST_CONTACT_TRIES = 3;
    /** Whether a node ever accepted this link's connection: from then on a refused one is a node restarting. */
    private volatile boolean reachedBefore;
    private final Object connectLock = new Object();
    private volatile Connection data;
    private volatile boolean closed;
    private byte[] saltedFor;
    private byte[] salted;

    private final Connection.Invalidations invalidations;
    /** Logins so far; each data connection is numbered by the login that made it. */
    private final java.util.concurrent.atomic.AtomicLong logins = new java.util.concurrent.atomic.AtomicLong();

    ServerLink(String name, ServerSpec spec, int maxFrameSize, long timeoutMillis, Connection.Invalidations invalidations)
        throws CageException {
        this.name = name;
        this.invalidations = invalidations;
        this.spec = spec;
        this.maxFrameSize = maxFrameSize;
        this.timeoutMillis = timeoutMillis;
        this.members = spec.addresses();
        try {
            this.ssl = spec.tlsTrust() == null ? null
                : SslContextBuilder.forClient().trustManager(spec.tlsTrust().toFile()).build();
        } catch (Exception e) {
            throw new AuthenticationException(Status.AUTH_FAILED, "cannot load TLS trust " + spec.tlsTrust() + ": " + e.getMessage());
        }
    }

    String name() {
        return name;
    }

    /** Whether this link reads at a group member that may not lead ({@link ServerSpec#withFollowerReads()}). */
    boolean followerReads() {
        return spec.followerReads();
    }

    /** Data bytes that fit in one READ reply or WRITE request. */
    int maxData() throws CageException {
        return connection(deadline()).maxFrameSize() - dev.cage.protocol.Protocol.DATA_OVERHEAD;
    }

    /** Sends a request that names no channel and waits for its successful reply; the caller must release the reply. */
    Frame call(Request request, boolean repeatable) throws CageException {
        return call(() -> request, repeatable);
    }

    /** Sends a request and waits for its successful reply; the caller must release the returned frame. */
    Frame call(Body body, boolean repeatable) throws CageException {
        return call(body, repeatable, timeoutMillis);
    }

    /** As {@link #call(Body, boolean)}, waiting up to {@code waitMillis} for a slow operation. */
    Frame call(Body body, boolean repeatable, long waitMillis) throws CageException {
        return call(body, repeatable, waitMillis, null);
    }

    /** As above, telling {@code listener} how far the server has come, where it reports that. */
    Frame call(Body body, boolean repeatable, long waitMillis, ProgressListener listener) throws CageException {
        return exchange(body, repeatable, waitMillis, listener).reply();
    }

    /** A successful reply (the caller must release it), and the {@link Connection#login() login} that answered it. */
    record Answered(Frame reply, long login) {
    }

    /** As {@link #call(Request, boolean)}, saying which login answered: the versions in the reply count in it. */
    Answered callAnswered(Request request, boolean repeatable) throws CageException {
        return exchange(() -> request, repeatable, timeoutMillis, null);
    }

    /** As {@link #callAnswered(Request, boolean)}, the request made anew for each try (a channel's handle may change). */
    Answered callAnswered(Body body, boolean repeatable) throws CageException {
        return exchange(body, repeatable, timeoutMillis, null);
    }

    private Answered exchange(Body body, boolean repeatable, long waitMillis, ProgressListener listener)
        throws CageException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            Connection c = connection(deadline);
            Request request = body.make();
            Opcode op = request.opcode();
            Frame reply;
            long sent = System.nanoTime();
            try {
                reply = c.await(send(c, request, listener), remaining(deadline), op);
                if (Responses.statusOf(reply) == Status.NOT_LEADER && members.size() > 1 && !spec.followerReads()
                    && remaining(deadline) > 100) {
                    // A group member that is not the leader did nothing with the request: ask the next member (with
                    // one member known there is none to ask, and the refusal, naming the leader, goes to the caller;
                    // a follower-read link stays where it reads, and the refusal of a change goes to the caller too).
                    reply.release();
                    nextMember(c);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(50, remaining(deadline))));
                    continue;
                }
            } catch (SessionEndedException e) {
                endedByAdmin(c, e);
                throw e;
            } catch (ServerUnavailableException | dev.cage.protocol.SessionExpiredException e) {
                if (c.isOpen()) {
                    if (members.size() > 1 && e instanceof NoAnswerException && hadItsShare(sent)) {
                        // A group member that does not answer at all may be frozen or cut off from the others, which
                        // have a new leader by now: the next call logs in to the next member (and reopens our channels).
                        // Not one that had no time to answer (the login before took the rest of the deadline): that is
                        // most likely the leader just found, and the next call asks it again.
                        nextMember(c);
                    } else if (op == Opcode.OPEN) {
                        // The server may still open the channel after we give up, and nobody would close it: end the
                        // session, which releases every channel it held; the next call logs in again and reopens ours.
                        c.close();
                    }
                    throw e; // no answer in time on a live connection
                }
                if (!repeatable) {
                    throw new ServerUnavailableException(Status.UNAVAILABLE, "connection to server '" + name
                        + "' was lost while " + op + " was in flight; it may or may not have been applied (" + e.getMessage() + ")");
                }
                continue; // the next round logs in again and repeats the request
            }
            return new Answered(checked(reply), c.login());
        }
    }

    /** Sends without waiting, for pipelined transfers; {@link #call} is the way back when this fails. */
    Pending start(Body body) throws CageException {
        Connection c = connection(deadline());
        Request request = body.make();
        return new Pending(c, request.opcode(), send(c, request, null));
    }

    /** A request in flight on a given connection. */
    record Pending(Connection connection, Opcode op, CompletableFuture<Frame> reply) {
    }

    Frame finish(Pending p) throws CageException {
        try {
            return checked(p.connection().await(p.reply(), timeoutMillis, p.op()));
        } catch (NoAnswerException e) {
            if (members.size() > 1) {
                nextMember(p.connection()); // as in call(): the caller's retry goes to the next member, not this one
            }
            throw e;
        }
    }

    /** The reply if its status is OK; else releases it and throws the status as its exception. */
    private static Frame checked(Frame reply) throws CageException {
        try {
            Responses.check(reply);
            return reply;
        } catch (CageException e) {
            reply.release();
            throw e;
        }
    }

    private static CompletableFuture<Frame> send(Connection c, Request request, ProgressListener listener) {
        ByteBuf buf = c.alloc().buffer(request.sizeHint());
        try {
            request.encode(buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return c.send(request.opcode(), buf, listener);
    }

    void register(CageChannel ch) {
        channels.add(ch);
    }

    /** Every open channel of this link on file {@code fileId} has seen it at {@code version} (a commit's reply). */
    void sawCommitted(long fileId, long version) {
        for (CageChannel ch : channels) {
            if (ch.fileId() == fileId) {
                ch.saw(version);
            }
        }
    }

    void unregister(CageChannel ch) {
        channels.remove(ch);
    }

    /** After a rename through this link, channels on the old path (or under it) reopen by the new one. */
    void renamed(String from, String to) {
        String f = trimSlashes(from);
        for (CageChannel ch : channels) {
            String p = trimSlashes(ch.path());
            if (p.equals(f)) {
                ch.renamedTo(to);
            } else if (p.startsWith(f + "/")) {
                ch.renamedTo(trimSlashes(to) + p.substring(f.length()));
            }
        }
    }

    java.util.List<CageChannel> openChannels() {
        return java.util.List.copyOf(channels);
    }

    /** Whether the data connection is up now (no call made to find out). */
    boolean connected() {
        Connection c = data;
        return c != null && c.isOpen();
    }

    /** Closes the connection without a word to the server: hibernation keeps what it would have pushed. */
    void drop() {
        close();
    }

    /** This link's open channels on a path. */
    java.util.List<CageChannel> channelsOn(String path) {
        String p = trimSlashes(path);
        return channels.stream().filter(c -> trimSlashes(c.path()).equals(p)).toList();
    }

    private static String trimSlashes(String p) {
        return p.replaceAll("/+", "/").replaceAll("/$", "");
    }

    private Connection connection(long deadline) throws CageException {
        Connection c = data;
        if (c != null && c.isOpen()) {
            return c;
        }
        synchronized (connectLock) {
            c = data;
            if (c != null && c.isOpen()) {
                return c;
            }
            if (closed) {
                throw new dev.cage.protocol.ChannelClosedException("this Cage is closed");
            }
            if (c != null && c.closeReason() instanceof SessionEndedException ended) {
                endedByAdmin(c, ended);
                throw ended; // said once; the next call logs in again
            }
            CageException first = null; // the most telling cause: later attempts may only run out of time
            for (int attempt = 0; ; attempt++) {
                c = null;
                try {
                    c = login(memberDeadline(deadline));
                    reopen(c, deadline);
                    data = c;
                    return c;
                } catch (CageException e) {
                    // A half-done reopen must not leave a session behind holding channels nobody will close.
                    closeQuietly(c);
                    if (givesUp(e) || failsAtOnce(e, attempt)) {
                        throw e;
                    }
                    first = first == null ? e : first;
                    nextMember(null); // in a group, the leader may be another member now
                }
                long left = remaining(deadline);
                if (left <= 0) {
                    throw new ServerUnavailableException(Status.UNAVAILABLE, "server '" + name + "' (" + where()
                        + ") unavailable for " + timeoutMillis + " ms: " + first.getMessage());
                }
                // A group's members are tried in turn, and only the leader will do: short pauses, so that the client
                // reaches a new leader soon after it is elected (a refused connection or a NOT_LEADER costs little).
                long most = members.size() > 1 ? GROUP_RETRY_PAUSE_MILLIS : 1000;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(left, Math.min(most, 20L << Math.min(attempt, 6)))));
            }
        }
    }

    /**
     * Whether {@code e} ends the login at once: retrying a wrong secret only slows the server down, and a limit reached
     * stays reached. A token refused at attach is not final: the session it named ended meanwhile (a group member
     * that stopped leading ends its sessions), and a new login gets a new one.
     */
    private static boolean givesUp(CageException e) {
        return e instanceof dev.cage.protocol.LimitReachedException
            || e instanceof AuthenticationException && e.status() != Status.TOKEN_INVALID;
    }

    /**
     * Whether another login cannot mend {@code e}: a TLS mismatch never can, and a lone node that refuses the first
     * connections this link ever makes is not running there, or listens on another port (a few quick tries first, as
     * for any failure). A refused connection after the node once accepted one is a restart, which the retries
     * until the response timeout carry the link over; a group member that refuses is down, and another may lead.
     */
    private boolean failsAtOnce(CageException e, int attempt) {
        if (e instanceof TlsMismatchException) {
            return true;
        }
        return e instanceof ConnectionRefusedException && !reachedBefore && members.size() == 1
            && attempt + 1 >= FIRST_CONTACT_TRIES;
    }

    /**
     * An admin ended the session on {@code c}: its channels are closed for good (the admin closed those files; they are
     * not reopened), and the link forgets the connection so the next call logs in again.
     */
    private void endedByAdmin(Connection c, SessionEndedException why) {
        synchronized (connectLock) {
            if (data != c) {
                return; // already dealt with
            }
            data = null;
            for (CageChannel ch : channels) {
                ch.lose(why);
            }
            channels.clear();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            c.close();
        }
    }

    /**
     * Moves on to the next member of a replicated group (nothing for a single node), closing {@code c} if it is the
     * connection in use: its session belongs to the member left behind. Several callers failing on the same connection
     * move on once, not once each (three writers timing out together would otherwise come round to the same member).
     */
    private void nextMember(Connection c) {
        synchronized (memberLock) {
            if (c != null) {
                if (c == leftBehind || c != data) {
                    return; // another caller has moved on from it already, or it is no longer the one in use
                }
                leftBehind = c;
            }
            if (members.size() > 1) {
                member = (member + 1) % members.size();
            }
        }
        if (c != null) {
            c.close();
        }
    }

    /**
     * How long one login attempt may take: in a group, a member's share of the response timeout, so that one that
     * accepts connections but answers nothing (frozen, or cut off) leaves time to try the others; else all of it.
     */
    private long memberDeadline(long deadline) {
        if (members.size() <= 1) {
            return deadline;
        }
        return Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(memberShareMillis()));
    }

    private long memberShareMillis() {
        return Math.max(MIN_MEMBER_WAIT_MILLIS, timeoutMillis / members.size());
    }

    /** Whether a request sent at {@code sentNanos} waited a group member's share of the timeout for its answer. */
    private boolean hadItsShare(long sentNanos) {
        return System.nanoTime() - sentNanos >= TimeUnit.MILLISECONDS.toNanos(memberShareMillis());
    }

    private String where() {
        return members.stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The SCRAM exchange on the main port, then ATTACH on the data port it names. */
    private Connection login(long deadline) throws CageException {
        java.net.InetSocketAddress at = members.get(member);
        Connection main = Connection.open(at.getHostString(), at.getPort(), ssl, 8192, remaining(deadline), 0,
            Connection.Invalidations.NONE);
        reachedBefore = true;
        String token;
        int dataPort;
        try {
            byte[] clientNonce = Scram.randomBytes(Scram.NONCE_BYTES);
            Frame challengeFrame = call(main, new AuthStartRequest(spec.user(), clientNonce), deadline);
            AuthStartReply challenge;
            try {
                challenge = AuthStartReply.decode(challengeFrame.body());
            } finally {
                challengeFrame.release();
            }
            byte[] saltedPassword = saltedPassword(challenge.salt(), challenge.iterations());
            byte[] authMessage = Scram.authMessage(spec.user(), clientNonce, challenge.serverNonce(), challenge.salt());
            Frame grantedFrame = call(main, new AuthProofRequest(Scram.clientProof(saltedPassword, authMessage)), deadline);
            AuthProofReply granted;
            try {
                granted = AuthProofReply.decode(grantedFrame.body());
            } finally {
                grantedFrame.release();
            }
            byte[] expected = Scram.serverSignature(Scram.serverKeyFromSalted(saltedPassword), authMessage);
            if (!MessageDigest.isEqual(granted.serverSignature(), expected)) {
                throw new AuthenticationException(Status.AUTH_FAILED, "server '" + name
                    + "' did not prove it knows the user's keys: refusing to talk to it");
            }
            token = granted.token();
            dataPort = granted.dataPort();
            learn(granted.group(), granted.members());
        } finally {
            main.close();
        }
        Connection c = Connection.open(at.getHostString(), dataPort, ssl, maxFrameSize, remaining(deadline),
            logins.incrementAndGet(), invalidations);
        try {
            call(c, new AttachRequest(token, spec.followerReads()), deadline).release();
        } catch (CageException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Takes what a login reply says of the node's group: its name (how the shared tier names the server, whichever
     * member answers) and its members, added after those this link knew, so that a client given one member's
     * address finds the leader and fails over like one given all of them.
     */
    private void learn(String groupName, java.util.List<String> addresses) {
        if (groupName.isEmpty()) {
            return;
        }
        group = groupName;
        if (!spec.followsGroup()) {
            return;
        }
        synchronized (memberLock) {
            java.util.List<java.net.InetSocketAddress> known = new java.util.ArrayList<>(members);
            for (String a : addresses) {
                int colon = a.lastIndexOf(':');
                java.net.InetSocketAddress m;
                try {
                    m = java.net.InetSocketAddress.createUnresolved(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1)));
                } catch (RuntimeException e) {
                    continue; // not host:port; the members this link knows still serve
                }
                if (known.stream().noneMatch(k -> k.getHostString().equals(m.getHostString()) && k.getPort() == m.getPort())) {
                    known.add(m);
                }
            }
            members = java.util.List.copyOf(known);
        }
    }

    /**
     * How the cluster-shared page cache names this server: the group's name once a login said it is a group member
     * ({@code group:NAME}: the same whichever member a client is on), else the address the client was given.
     */
    String tierName() {
        String g = group;
        return g != null ? "group:" + g : spec.host() + ":" + spec.port();
    }

    private synchronized byte[] saltedPassword(byte[] salt, int iterations) {
        // PBKDF2 is slow on purpose; a reconnect with the same salt reuses the result.
        if (salted == null || !java.util.Arrays.equals(saltedFor, salt)) {
            salted = Scram.saltedPassword(spec.secret(), salt, iterations);
            saltedFor = salt;
        }
        return salted;
    }

    private void reopen(Connection c, long deadline) throws CageException {
        for (CageChannel ch : channels) {
            try {
                Frame reply = call(c, ch.reopenRequest(), deadline);
                OpenReply opened;
                try {
                    opened = OpenReply.decode(reply.body());
                } finally {
                    reply.release();
                }
                ch.rebind(opened, c.login());
            } catch (dev.cage.protocol.ServerUnavailableException e) {
                throw e;
            } catch (CageException e) {
                ch.lose(e);
                channels.remove(ch);
            }
        }
    }

    private static Frame call(Connection c, Request request, long deadline) throws CageException {
        return checked(c.await(send(c, request, null), remaining(deadline), request.opcode()));
    }

    private long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    private static long remaining(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    void close() {
        synchronized (connectLock) {
            closed = true;
            Connection c = data;
            if (c != null) {
                c.close();
            }
        }
    }
}
