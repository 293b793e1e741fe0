package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A plain socket that speaks Cage frames by hand, for sending what no well-behaved client would. Every
 * read is bounded by a socket timeout, so a server that neither answers nor closes fails the test.
 */
final class RawConnection implements AutoCloseable {
    static final int TIMEOUT_MS = 5_000;

    /** A frame as received: the opcode byte as sent, so unknown ones show too. */
    record RawFrame(int opcode, int requestId, byte[] body) {
        /** The body as a buffer, positioned at its start. */
        ByteBuf buf() {
            return Unpooled.wrappedBuffer(body);
        }

        /** The status code of a RESPONSE frame. */
        int statusCode() {
            assertThat(opcode).as("opcode of a reply").isEqualTo(Opcode.RESPONSE.code());
            return buf().readUnsignedShort();
        }

        /** The error message of a RESPONSE frame that is not OK. */
        String message() throws ProtocolException {
            ByteBuf b = buf().skipBytes(2);
            return Wire.readString(b);
        }

        /** The body of an OK RESPONSE after its status, failing the test if the status is not OK. */
        ByteBuf okBody() throws ProtocolException {
            assertThat(statusCode()).as("status of a reply that should be OK (message: %s)",
                statusCode() == 0 ? "" : message()).isEqualTo(Status.OK.code());
            return buf().skipBytes(2);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextId = 1;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to a node port on 127.0.0.1 without saying anything. */
    static RawConnection open(int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(TIMEOUT_MS);
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        return new RawConnection(s);
    }

    /** Speaks frames over a socket already connected (with its timeout set). */
    static RawConnection adopt(Socket s) throws IOException {
        return new RawConnection(s);
    }

    /** Connects and completes a correct HELLO. */
    static RawConnection greeted(int port) throws IOException {
        RawConnection c = open(port);
        c.hello();
        return c;
    }

    /** Sends a correct HELLO and returns the port's maximum frame size from the reply. */
    int hello() throws IOException {
        send(RawFrames.hello());
        ByteBuf b = read().okBody();
        assertThat(b.readUnsignedShort()).isEqualTo(Protocol.VERSION);
        return b.readInt();
    }

    /** Writes bytes as they are, in one write. */
    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a request with the next request id and returns that id. */
    int send(Opcode op, byte[] body) throws IOException {
        int id = nextId++;
        send(RawFrames.frame(op, id, body));
        return id;
    }

    /** Sends a request and reads its reply, checking the reply carries the request's id. */
    RawFrame call(Opcode op, byte[] body) throws IOException {
        int id = send(op, body);
        RawFrame reply = read();
        assertThat(reply.requestId()).as("request id of the reply to %s", op).isEqualTo(id);
        return reply;
    }

    /** Sends a request that must fail without ending the session; returns the error's status code. */
    int callExpectingError(Opcode op, byte[] body) throws IOException {
        RawFrame reply = call(op, body);
        assertThat(reply.statusCode()).as("status of %s", op).isNotEqualTo(Status.OK.code());
        return reply.statusCode();
    }

    /** Reads one whole frame; fails if the peer closes or stays silent first. */
    RawFrame read() throws IOException {
        int first = in.read();
        if (first == -1) {
            throw new EOFException("the server closed the connection instead of sending a frame");
        }
        return readRest(first);
    }

    private RawFrame readRest(int firstByte) throws IOException {
        int length = (firstByte << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedShort());
        assertThat(length).as("length of a frame from the server").isBetween(5, Protocol.DEFAULT_MAX_FRAME_SIZE);
        int opcode = in.readUnsignedByte();
        int requestId = in.readInt();
        byte[] body = new byte[length - 5];
        in.readFully(body);
        return new RawFrame(opcode, requestId, body);
    }

    /** Reads an error reply, then checks the server closed the connection; returns the reply. */
    RawFrame readErrorThenClose() throws IOException {
        RawFrame reply = read();
        assertThat(reply.statusCode()).as("status of the error reply").isNotEqualTo(Status.OK.code());
        assertClosedByPeer();
        return reply;
    }

    /** Checks the server closed the connection cleanly (end of stream) with nothing more to say. */
    void assertClosedByPeer() throws IOException {
        assertThat(in.read()).as("end of stream after the server closed").isEqualTo(-1);
    }

    /**
     * Reads what the server does with input it cannot accept: an error frame then end of stream, or end of
     * stream alone. Returns the error's status code, or -1 for a close without a word.
     */
    int readErrorOrClose() throws IOException {
        int first = in.read();
        if (first == -1) {
            return -1;
        }
        RawFrame reply = readRest(first);
        assertThat(reply.statusCode()).as("status of the error reply").isNotEqualTo(Status.OK.code());
        assertClosedByPeer();
        return reply.statusCode();
    }

    /** Says no more will be sent (TCP half-close), so the server sees the end of its input. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
