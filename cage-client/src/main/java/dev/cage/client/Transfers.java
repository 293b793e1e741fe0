package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.message.ReadReply;
import dev.cage.protocol.message.ReadRequest;
import dev.cage.protocol.message.WriteReply;
import dev.cage.protocol.message.WriteRequest;
import io.netty.buffer.Unpooled;
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
            inFlight.add(link.start(readBody(ch, s)));
        }
        List<Got> out = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            Frame reply;
            try {
                reply = link.finish(inFlight.get(i));
            } catch (ServerUnavailableException lostInFlight) {
                reply = link.call(readBody(ch, s), true); // logs in again and repeats
            }
            try {
                ReadReply read = ReadReply.decode(reply.body()); // the data is a slice of the reply: no copy yet
                int got = Math.min(s.len(), read.data().readableBytes());
                read.data().readBytes(s.buf(), s.off(), got);
                out.add(new Got(got, read.version()));
                ch.saw(read.version());
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
            inFlight.add(link.start(writeBody(ch, s)));
        }
        long version = 0;
        for (int i = 0; i < segments.size(); i++) {
            Frame reply;
            try {
                reply = link.finish(inFlight.get(i));
            } catch (ServerUnavailableException lostInFlight) {
                reply = link.call(writeBody(ch, segments.get(i)), true);
            }
            try {
                version = Math.max(version, WriteReply.decode(reply.body()).version());
            } finally {
                reply.release();
            }
        }
        ch.saw(version);
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
        return () -> new ReadRequest(ch.handle(), s.offset(), s.len());
    }

    /** The segment's bytes are wrapped, not copied: encoding copies them once, into the frame. */
    private static ServerLink.Body writeBody(CageChannel ch, Segment s) {
        return () -> new WriteRequest(ch.handle(), s.offset(), Unpooled.wrappedBuffer(s.buf(), s.off(), s.len()));
    }
}
