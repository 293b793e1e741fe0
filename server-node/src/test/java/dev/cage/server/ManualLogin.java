package dev.cage.server;

import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.Scram;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Speaks the protocol by hand over a plain socket, to reach what the client library never does (hold a
 * token without using it, send a request after a session expired). Blocking reads with a socket timeout.
 */
final class ManualLogin {
    /** A reply: its status and the rest of its body. */
    record Reply(int status, ByteBuf body) {
        String message() {
            int len = body.readUnsignedShort();
            return body.readCharSequence(len, StandardCharsets.UTF_8).toString();
        }
    }

    /** What a successful login hands back. */
    record Grant(String token, int dataPort) {
    }

    private ManualLogin() {
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    static void send(Socket s, Opcode op, int id, ByteBuf body) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(5 + body.readableBytes());
        out.writeByte(op.code());
        out.writeInt(id);
        byte[] b = new byte[body.readableBytes()];
        body.readBytes(b);
        out.write(b);
        out.flush();
    }

    static Reply receive(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int len = in.readInt();
        in.readUnsignedByte();
        in.readInt();
        byte[] body = new byte[len - 5];
        in.readFully(body);
        ByteBuf b = Unpooled.wrappedBuffer(body);
        return new Reply(b.readUnsignedShort(), b);
    }

    static Reply hello(Socket s) throws IOException {
        send(s, Opcode.HELLO, 1, Unpooled.buffer().writeInt(Protocol.MAGIC).writeShort(Protocol.VERSION));
        return receive(s);
    }

    /** A full SCRAM login on the main port; returns the token without attaching it. */
    static Grant login(int mainPort, String user, String secret) throws IOException {
        try (Socket s = connect(mainPort)) {
            hello(s);
            byte[] clientNonce = Scram.randomBytes(Scram.NONCE_BYTES);
            ByteBuf start = Unpooled.buffer();
            dev.cage.protocol.Wire.writeString(start, user);
            dev.cage.protocol.Wire.writeBytes(start, clientNonce);
            send(s, Opcode.AUTH_START, 2, start);
            Reply challenge = receive(s);
            byte[] salt = readBytes(challenge.body());
            int iterations = challenge.body().readInt();
            byte[] serverNonce = readBytes(challenge.body());
            byte[] salted = Scram.saltedPassword(secret.toCharArray(), salt, iterations);
            byte[] proof = Scram.clientProof(salted, Scram.authMessage(user, clientNonce, serverNonce, salt));
            ByteBuf p = Unpooled.buffer();
            dev.cage.protocol.Wire.writeBytes(p, proof);
            send(s, Opcode.AUTH_PROOF, 3, p);
            Reply granted = receive(s);
            if (granted.status() != 0) {
                throw new IOException("login refused: " + granted.message());
            }
            readBytes(granted.body());
            int len = granted.body().readUnsignedShort();
            String token = granted.body().readCharSequence(len, StandardCharsets.UTF_8).toString();
            return new Grant(token, granted.body().readUnsignedShort());
        }
    }

    static Reply attach(Socket dataSocket, String token) throws IOException {
        hello(dataSocket);
        ByteBuf b = Unpooled.buffer();
        new dev.cage.protocol.message.AttachRequest(token, false).encode(b);
        send(dataSocket, Opcode.ATTACH, 2, b);
        return receive(dataSocket);
    }

    private static byte[] readBytes(ByteBuf b) {
        byte[] r = new byte[b.readInt()];
        b.readBytes(r);
        return r;
    }
}
