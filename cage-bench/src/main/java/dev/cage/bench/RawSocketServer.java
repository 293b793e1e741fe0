package dev.cage.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The far end of the raw socket column: plain blocking sockets on 127.0.0.1, a thread per connection, no
 * framing beyond a one-byte command. It is the least any protocol over TCP can do, so it marks the limit of
 * the wire on this machine.
 *
 * <pre>
 * 'W' size:8          sink: read size bytes, answer their CRC-32C (8 bytes)
 * 'R' size:8 round:4  source: send size bytes of the round's {@link Content}
 * 'P' round:4         ping-pong: for each offset:8 received, answer 4 KiB of Content; offset -1 ends
 * </pre>
 *
 * <p>Threads: one acceptor, then one thread per connection owning its socket.
 */
final class RawSocketServer implements AutoCloseable {
    static final int POINT = 4096;
    private final Content content;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    RawSocketServer(Content content) throws IOException {
        this.content = content;
        this.listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        daemon("raw-accept", this::acceptLoop).start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                daemon("raw-conn", () -> serve(s)).start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            switch (in.readByte()) {
                case 'W' -> sink(in, out, in.readLong());
                case 'R' -> source(out, in.readLong(), in.readInt());
                case 'P' -> pingPong(in, out, in.readInt());
                default -> throw new IOException("unknown raw socket command");
            }
        } catch (IOException e) {
            // The client went away (end of a run, or a failed one that reports its own error).
        } finally {
            open.remove(s);
        }
    }

    private static void sink(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[Content.BLOCK];
        CRC32C crc = new CRC32C();
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("sink got " + (size - left) + " of " + size + " bytes");
            }
            crc.update(buf, 0, n);
            left -= n;
        }
        new DataOutputStream(out).writeLong(crc.getValue());
    }

    private void source(OutputStream out, long size, int round) throws IOException {
        Content.Cursor blocks = content.cursor();
        for (long at = 0; at < size; at += Content.BLOCK) {
            out.write(blocks.block(round, at / Content.BLOCK), 0, Content.length(size, at));
        }
        out.flush();
    }

    private void pingPong(DataInputStream in, OutputStream out, int round) throws IOException {
        byte[] answer = new byte[POINT];
        while (true) {
            long offset = in.readLong();
            if (offset < 0) {
                return;
            }
            content.slice(round, offset, answer);
            out.write(answer);
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
