package dev.cage.server;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Status;
import dev.cage.protocol.message.AttachReply;
import dev.cage.protocol.message.AttachRequest;
import dev.cage.protocol.message.HelloRequest;
import dev.cage.protocol.message.OpenReply;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * One fuzz input's session, spoken by hand: login, a data connection, HELLO and ATTACH as a client does them, then
 * the fuzzer's requests one at a time, each sent only once the one before was answered. Every wait is bounded (socket
 * timeouts, no sleeps): a node that is silent for {@link #QUIET} after a request (no answer, no close, no PROGRESS,
 * which a long rollback sends) or has not answered within {@link #MOST} of the input's start has hung. What the node
 * must do with each request:
 * <ul>
 *   <li>answer it, with its request id (or, for a byte naming no opcode, the unsolicited id 0), before anything else
 *       but INVALIDATE (which this client acknowledges, as the real one does) and PROGRESS;</li>
 *   <li>never with {@link Status#INTERNAL_ERROR}: that is the status {@code ErrorMapping} gives an exception it has no
 *       name for, an unexpected exception type in a handler;</li>
 *   <li>after a protocol error (a body it cannot read, a message out of place), end the session: close the
 *       connection and send nothing more.</li>
 * </ul>
 * A RESPONSE sent by the fuzzer is an acknowledgement and gets no answer; an ADMIN_END_SESSION of its own session may
 * get the close instead of the answer. The connection is reset, not closed, at the
 * end ({@code SO_LINGER} 0), so thousands of inputs leave no sockets waiting in TIME_WAIT.
 */
final class FuzzSession implements AutoCloseable {
    static final Duration QUIET = Duration.ofSeconds(20);
    static final Duration MOST = Duration.ofSeconds(120);
    /** {@code -Dcage.fuzz.trace=true} prints each request and its answer: for reading what a seed or a finding does. */
    private static final boolean TRACE = Boolean.getBoolean("cage.fuzz.trace");

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final long mostUntil = System.nanoTime() + MOST.toNanos();
    private long quietUntil;
    private String waitingFor;
    private final HandleSlots slots = new HandleSlots();
    private int nextId = 1;
    private boolean ended;

    private FuzzSession(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Logs in, connects to the granted data port and attaches; tells {@code guard} which session is its own. */
    static FuzzSession attach(CachedLogin login, BystanderGuard guard) throws IOException {
        RawLogin.Grant grant = login.login();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoLinger(true, 0);
        s.connect(new InetSocketAddress("127.0.0.1", grant.dataPort()), (int) QUIET.toMillis());
        FuzzSession session = new FuzzSession(s);
        session.waitingFor = "the session's HELLO";
        session.expectOk(session.call(Opcode.HELLO.code(), RawFrames.body(HelloRequest.current()::encode)), "HELLO");
        session.waitingFor = "the session's ATTACH";
        RawConnection.RawFrame attached = session.call(Opcode.ATTACH.code(),
            RawFrames.body(new AttachRequest(grant.token(), false)::encode));
        session.expectOk(attached, "ATTACH");
        guard.ownSession(AttachReply.decode(attached.okBody()).sessionId());
        return session;
    }

    /** Sends the requests in order, but those held back, until the node ends the session; fails on a wrong answer. */
    void run(List<FuzzRequests.Request> requests, HeldBack heldBack) throws IOException {
        for (FuzzRequests.Request r : requests) {
            if (ended) {
                return;
            }
            byte[] body = slots.translate(r.opcode(), r.body());
            if (heldBack.holdsBack(r.opcode(), body)) {
                continue;
            }
            if (r.opcode() == Opcode.RESPONSE.code()) {
                send(r.opcode(), body);
                continue;
            }
            waitingFor = r.toString();
            check(r, call(r.opcode(), body));
        }
    }

    private void check(FuzzRequests.Request r, RawConnection.RawFrame reply) throws IOException {
        if (reply == null && r.opcode() == Opcode.ADMIN_END_SESSION.code()) {
            ended = true; // it ended its own session (BystanderGuard lets no other through): the close may come first
            return;
        }
        if (reply == null) {
            throw new AssertionError("the node closed the connection without answering " + r);
        }
        int status = reply.statusCode();
        if (TRACE) {
            System.err.println("fuzz: " + (Opcode.of(r.opcode()) != null ? Opcode.of(r.opcode()) : r) + " -> "
                + Status.of(status) + (status == 0 ? "" : ": " + reply.message()));
        }
        if (status == Status.INTERNAL_ERROR.code()) {
            throw new AssertionError("the node answered " + r + " with INTERNAL_ERROR: " + reply.message());
        }
        if (Status.of(status).code() != status) {
            throw new AssertionError("the node answered " + r + " with status " + status + ", which no Status names");
        }
        if (status >= 100 && status < 200) {
            ended = true;
            awaitClose(r, Status.of(status));
            return;
        }
        if (r.opcode() == Opcode.OPEN.code() && status == Status.OK.code()) {
            OpenReply opened = OpenReply.decode(reply.okBody());
            slots.opened(opened.handle(), opened.version());
        }
    }

    private void expectOk(RawConnection.RawFrame reply, String what) throws ProtocolException {
        if (reply == null || reply.statusCode() != Status.OK.code()) {
            throw new AssertionError(what + " of a fuzzing session failed: "
                + (reply == null ? "connection closed" : reply.message()));
        }
    }

    private RawConnection.RawFrame call(int opcode, byte[] body) throws IOException {
        return awaitAnswer(send(opcode, body));
    }

    private int send(int opcode, byte[] body) throws IOException {
        int id = nextId++;
        quietUntil = System.nanoTime() + QUIET.toNanos();
        try {
            out.write(RawFrames.frame(opcode, id, body));
            out.flush();
        } catch (IOException e) {
            // The node may close the connection while a request is on its way: the read that follows says so.
        }
        return id;
    }

    /** The answer to request {@code id}, or {@code null} if the node closed the connection first. */
    private RawConnection.RawFrame awaitAnswer(int id) throws IOException {
        while (true) {
            RawConnection.RawFrame f = read();
            if (f == null) {
                return null;
            }
            if (f.opcode() == Opcode.INVALIDATE.code()) {
                send(Opcode.RESPONSE.code(), new byte[2]); // status OK: this client keeps no pages to drop
                continue;
            }
            if (f.opcode() == Opcode.PROGRESS.code()) {
                quietUntil = System.nanoTime() + QUIET.toNanos();
                continue;
            }
            if (f.opcode() == Opcode.RESPONSE.code() && (f.requestId() == id || f.requestId() == Protocol.UNSOLICITED)) {
                return f;
            }
            throw new AssertionError("waiting for the answer to #" + id + ", the node sent opcode " + f.opcode()
                + " #" + f.requestId());
        }
    }

    private void awaitClose(FuzzRequests.Request r, Status status) throws IOException {
        for (RawConnection.RawFrame f; (f = read()) != null; ) {
            if (f.opcode() != Opcode.INVALIDATE.code() && f.opcode() != Opcode.PROGRESS.code()) {
                throw new AssertionError("after " + status + " for " + r + " the node went on and sent opcode "
                    + f.opcode() + " #" + f.requestId() + " instead of closing the connection");
            }
        }
    }

    /** One frame, or {@code null} at the end of the stream (or a reset, which is how a closing node may look). */
    private RawConnection.RawFrame read() throws IOException {
        long now = System.nanoTime();
        if (now - mostUntil >= 0) {
            throw new AssertionError(waitingFor + ": not answered within " + MOST.toSeconds() + " s of the input's start");
        }
        socket.setSoTimeout((int) Math.max(1, (Math.min(quietUntil - now, mostUntil - now)) / 1_000_000));
        try {
            int length = in.readInt();
            if (length < 5 || length > Protocol.DEFAULT_MAX_FRAME_SIZE) {
                throw new AssertionError("the node sent a frame length of " + length);
            }
            int opcode = in.readUnsignedByte();
            int requestId = in.readInt();
            byte[] body = new byte[length - 5];
            in.readFully(body);
            return new RawConnection.RawFrame(opcode, requestId, body);
        } catch (SocketTimeoutException e) {
            throw new AssertionError(waitingFor + ": the node was silent for " + QUIET.toSeconds()
                + " s (no answer, no close, no PROGRESS) or has not answered in " + MOST.toSeconds() + " s", e);
        } catch (EOFException | java.net.SocketException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
