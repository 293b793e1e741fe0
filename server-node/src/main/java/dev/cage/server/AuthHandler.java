package dev.cage.server;

import dev.cage.protocol.Frame;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Scram;
import dev.cage.protocol.Status;
import dev.cage.protocol.message.AuthProofReply;
import dev.cage.protocol.message.AuthProofRequest;
import dev.cage.protocol.message.AuthStartReply;
import dev.cage.protocol.message.AuthStartRequest;
import dev.cage.protocol.message.Replies;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The main port: a SCRAM-SHA-256 exchange (AUTH_START, AUTH_PROOF), then a token and a data port for the
 * new session (and, from a group member, the group's members), and the connection closes. Nothing else is served here. An unknown user gets a challenge
 * like any other, derived from a node secret, so the answer does not tell which user names exist.
 */
final class AuthHandler extends ProtocolHandler {
    private static final System.Logger LOG = System.getLogger(AuthHandler.class.getName());
    private final UserStore users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final int[] dataPorts;
    private final byte[] nodeSecret;
    private final Supplier<Group> group;
    private String user;
    private byte[] clientNonce;
    private byte[] serverNonce;
    private Scram.StoredKeys keys;
    private final NodeLimits limits;
    private ScheduledFuture<?> deadline;

    /** A group member's group as a login reply names it: its name and where its members take logins. */
    record Group(String name, List<String> members) {
        static final Group NONE = new Group("", List.of());
    }

    AuthHandler(int maxFrameSize, UserStore users, Sessions sessions, LoginThrottle throttle, int[] dataPorts,
                byte[] nodeSecret, Supplier<Group> group, NodeLimits limits) {
        super(maxFrameSize);
        this.limits = limits;
        this.group = group;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.dataPorts = dataPorts;
        this.nodeSecret = nodeSecret;
    }

    /**
     * A login has {@code loginDeadline} from connecting, however its bytes arrive: a peer that trickles a byte at a
     * time cannot keep the connection (a read timeout would restart with every byte).
     */
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        long ms = limits.loginDeadline().toMillis();
        deadline = ctx.executor().schedule(() -> failAndClose(ctx, dev.cage.protocol.Protocol.UNSOLICITED,
            Status.SESSION_EXPIRED, "the login was not completed within " + ms + " ms; the connection is closed"),
            ms, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, Frame f) throws Exception {
        try {
            if (f.opcode() == Opcode.AUTH_START && user == null) {
                start(ctx, f);
            } else if (f.opcode() == Opcode.AUTH_PROOF && user != null) {
                prove(ctx, f);
            } else {
                throw new ProtocolException(Status.UNEXPECTED_MESSAGE,
                    f.opcode() + " is not expected here: the main port only authenticates (AUTH_START, then AUTH_PROOF)");
            }
        } finally {
            f.release();
        }
    }

    private void start(ChannelHandlerContext ctx, Frame f) throws ProtocolException {
        AuthStartRequest req = AuthStartRequest.decode(f.body());
        user = req.user();
        clientNonce = req.clientNonce();
        keys = users.keys(user);
        byte[] salt = keys != null ? keys.salt() : decoySalt(user);
        int iterations = keys != null ? keys.iterations() : Scram.DEFAULT_ITERATIONS;
        serverNonce = Scram.randomBytes(Scram.NONCE_BYTES);
        ctx.writeAndFlush(Replies.ok(ctx.alloc(), f.requestId(), 64, new AuthStartReply(salt, iterations, serverNonce)));
    }

    private void prove(ChannelHandlerContext ctx, Frame f) throws ProtocolException {
        byte[] proof = AuthProofRequest.decode(f.body()).clientProof();
        int requestId = f.requestId();
        InetAddress from = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        LoginThrottle.Verdict verdict = throttle.admit(user, keys != null, from);
        if (verdict.refused()) {
            LOG.log(System.Logger.Level.WARNING, "refused a login for user {0} from {1} unchecked: {2}",
                LogText.quoted(user), from.getHostAddress(), verdict.refusal());
            failAndClose(ctx, requestId, Status.AUTH_FAILED, "authentication refused: " + verdict.refusal());
            return;
        }
        byte[] salt = keys != null ? keys.salt() : decoySalt(user);
        byte[] authMessage = Scram.authMessage(user, clientNonce, serverNonce, salt);
        boolean ok = keys != null && Scram.verifyProof(keys, authMessage, proof);
        Runnable answer = () -> {
            if (!ok) {
                LOG.log(System.Logger.Level.WARNING, "failed login for user {0} from {1}", LogText.quoted(user),
                    from.getHostAddress());
                failAndClose(ctx, requestId, Status.AUTH_FAILED,
                    "authentication failed for user " + LogText.quoted(user) + ": unknown user or wrong secret");
                return;
            }
            throttle.succeeded(user, from);
            boolean admin = users.isAdmin(user);
            // An admin is never refused: the admin must always be able to log in and end the others' sessions.
            int most = admin ? Integer.MAX_VALUE : limits.sessionsPerUser();
            Session s = sessions.start(user, admin, dataPorts, ctx.channel().remoteAddress(), most);
            if (s == null) {
                failAndClose(ctx, requestId, Status.LIMIT_REACHED, "user " + LogText.quoted(user) + " has " + most
                    + " sessions, the most one user may (sessionsPerUser); end one before starting another");
                return;
            }
            Group g = group.get();
            AuthProofReply granted = new AuthProofReply(Scram.serverSignature(keys.serverKey(), authMessage), s.token(),
                s.dataPort(), s.id(), sessions.idleTimeout().toMillis(), g.name(), g.members());
            ctx.writeAndFlush(Replies.ok(ctx.alloc(), requestId, 128, granted)).addListener(ChannelFutureListener.CLOSE);
        };
        if (verdict.delayMillis() > 0) {
            ctx.executor().schedule(answer, verdict.delayMillis(), TimeUnit.MILLISECONDS);
        } else {
            answer.run();
        }
    }

    private byte[] decoySalt(String name) {
        byte[] seed = (name + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[nodeSecret.length + seed.length];
        System.arraycopy(nodeSecret, 0, m, 0, nodeSecret.length);
        System.arraycopy(seed, 0, m, nodeSecret.length, seed.length);
        byte[] salt = new byte[Scram.SALT_BYTES];
        System.arraycopy(Scram.saltedPassword(new char[] {'x'}, m, 1), 0, salt, 0, salt.length);
        return salt;
    }
}
