package dev.cage.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * Column 1, the limit of the wire: bytes over a plain TCP socket on 127.0.0.1 to {@link RawSocketServer}.
 * Sequential write streams into a sink, sequential read streams from a source, a random read is one 8-byte
 * request answered by 4 KiB (one connection per measuring thread). There are no files, so no small-file
 * figure.
 */
final class RawSocketColumn implements Column {
    private final RawSocketServer server;

    RawSocketColumn(Content content) throws IOException {
        this.server = new RawSocketServer(content);
    }

    @Override
    public String id() {
        return "raw";
    }

    @Override
    public String title() {
        return "raw socket";
    }

    @Override
    public boolean storesFiles() {
        return false;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public SequentialWriter writer(String name, long size) throws IOException {
        Socket s = connect();
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeByte('W');
        out.writeLong(size);
        return new SequentialWriter() {
            private long crc = -1;

            @Override
            public void write(byte[] src, int off, int len) throws IOException {
                out.write(src, off, len);
            }

            @Override
            public void close() throws IOException {
                try (s) {
                    out.flush();
                    crc = new DataInputStream(s.getInputStream()).readLong(); // the sink has everything
                }
            }

            @Override
            public OptionalLong receivedChecksum() {
                return crc < 0 ? OptionalLong.empty() : OptionalLong.of(crc);
            }
        };
    }

    @Override
    public SequentialReader reader(String name, long size, int round) throws IOException {
        Socket s = connect();
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeByte('R');
        out.writeLong(size);
        out.writeInt(round);
        out.flush();
        InputStream in = s.getInputStream();
        return new SequentialReader() {
            @Override
            public int read(byte[] dst, int off, int len) throws IOException {
                int n = in.readNBytes(dst, off, len); // fills the request, as the file columns do
                return n == 0 && len > 0 ? -1 : n;
            }

            @Override
            public void close() throws IOException {
                s.close();
            }
        };
    }

    @Override
    public RandomReads randomReads(String name, int round, int threads) {
        return new RandomReads() {
            @Override
            public PointReader forThread(int thread) throws IOException {
                return pingPong(round);
            }

            @Override
            public void close() {
            }
        };
    }

    private PointReader pingPong(int round) throws IOException {
        Socket s = connect();
        DataOutputStream hello = new DataOutputStream(s.getOutputStream());
        hello.writeByte('P');
        hello.writeInt(round);
        hello.flush();
        InputStream in = s.getInputStream();
        byte[] request = new byte[Long.BYTES];
        return new PointReader() {
            @Override
            public void read(long offset, byte[] dst) throws IOException {
                ByteBuffer.wrap(request).putLong(offset);
                s.getOutputStream().write(request); // one write: one segment with Nagle off
                if (in.readNBytes(dst, 0, dst.length) != dst.length) {
                    throw new IOException("raw socket closed mid-answer");
                }
            }

            @Override
            public void close() throws IOException {
                try (s) {
                    ByteBuffer.wrap(request).putLong(-1);
                    s.getOutputStream().write(request);
                }
            }
        };
    }

    @Override
    public void remove(String name) {
        // Nothing is stored.
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
