package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves byte ranges between a channel and the server: every range is one request (callers keep ranges
 * within a frame), all are sent before any reply is awaited, so a large transfer costs one round trip
 * plus the bytes. A request lost with its connection is sent again once the client has logged in again.
 */
final class Transfers {
    /** A range of the file and the array slice it is read into or written from. */
    record Segment(long offset, byte[] buf, int off, int len) {
    }

    /** How many bytes a READ returned, and the file's version when it ran. */
    record Got(int bytes, long version) {
    }

    private Transfers() {
    }

    static List<Got> read(CageChannel ch, List<Segment> segments) throws CageException {
        ServerLink link = ch.link();
        List<ServerLink.Pending> inFlight = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            inFlight.add(link.start(Opcode.READ, readBody(ch, s)));
        }
        List<Got> out = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            Frame reply;
            try {
                reply = link.finish(inFlight.get(i), Opcode.READ);
            } catch (ServerUnavailableException lostInFlight) {
                reply = link.call(Opcode.READ, readBody(ch, s), true); // logs in again and repeats
            }
            try {
                long version = Wire.readLong(reply.body());
                int got = Math.min(s.len(), reply.body().readableBytes());
                reply.body().readBytes(s.buf(), s.off(), got);
                out.add(new Got(got, version));
            } finally {
                reply.release();
            }
        }
        return out;
    }

    /** Writes every segment; returns the highest file version the server reported. */
    static long write(CageChannel ch, List<Segment> segments) throws CageException {
        ServerLink link = ch.link();
        List<ServerLink.Pending> inFlight = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            inFlight.add(link.start(Opcode.WRITE, writeBody(ch, s)));
        }
        long version = 0;
        for (int i = 0; i < segments.size(); i++) {
            Frame reply;
            try {
                reply = link.finish(inFlight.get(i), Opcode.WRITE);
            } catch (ServerUnavailableException lostInFlight) {
                reply = link.call(Opcode.WRITE, writeBody(ch, segments.get(i)), true);
            }
            try {
                Wire.readLong(reply.body()); // new size
                version = Math.max(version, Wire.readLong(reply.body()));
            } finally {
                reply.release();
            }
        }
        return version;
    }

    /** Splits [offset, offset+len) of {@code buf} into frame-sized segments. */
    static List<Segment> split(long offset, byte[] buf, int off, int len, int chunk) {
        List<Segment> out = new ArrayList<>(len / chunk + 1);
        int done = 0;
        do {
            int n = Math.min(chunk, len - done);
            out.add(new Segment(offset + done, buf, off + done, n));
            done += n;
        } while (done < len);
        return out;
    }

    private static ServerLink.Body readBody(CageChannel ch, Segment s) {
        return out -> {
            ch.writeHandle(out);
            out.writeLong(s.offset()).writeInt(s.len());
        };
    }

    private static ServerLink.Body writeBody(CageChannel ch, Segment s) {
        return out -> {
            ch.writeHandle(out);
            out.writeLong(s.offset());
            out.writeBytes(s.buf(), s.off(), s.len());
        };
    }
}
