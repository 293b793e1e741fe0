package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.message.HandleRequest;
import dev.cage.protocol.message.ReadReply;
import dev.cage.protocol.message.ReadRequest;
import dev.cage.protocol.message.TruncateReply;
import dev.cage.protocol.message.TruncateRequest;
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

    /** A request sent and not answered yet, with the segment it can be sent again from. */
    record InFlight(Segment segment, ServerLink.Pending pending) {
    }

    static List<Got> read(CageChannel ch, List<Segment> segments) throws CageException {
        List<InFlight> inFlight = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            inFlight.add(startRead(ch, s));
        }
        List<Got> out = new ArrayList<>(segments.size());
        for (InFlight r : inFlight) {
            Frame reply = finishRead(ch, r);
            try {
                ReadReply read = ReadReply.decode(reply.body()); // the data is a slice of the reply: no copy yet
                Segment s = r.segment();
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

    /** Sends the READ of a segment without waiting; the segment's array is not touched until {@link #finishRead}. */
    static InFlight startRead(CageChannel ch, Segment s) throws CageException {
        return new InFlight(s, ch.link().start(readBody(ch, s)));
    }

    /**
     * The reply to a READ, sent again if its connection was lost. The caller decodes it, tells the channel the version
     * it saw, and releases it.
     */
    static Frame finishRead(CageChannel ch, InFlight r) throws CageException {
        return finish(ch.link(), r.pending(), readBody(ch, r.segment()));
    }

    /** Writes every segment; returns the highest file version the server reported. */
    static long write(CageChannel ch, List<Segment> segments) throws CageException {
        List<InFlight> inFlight = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            inFlight.add(startWrite(ch, s));
        }
        long version = 0;
        for (InFlight w : inFlight) {
            version = Math.max(version, finishWrite(ch, w));
        }
        return version;
    }

    /**
     * Sends the WRITE of a segment without waiting. Its bytes are copied into the frame now, but the array must stay
     * as it is until {@link #finishWrite}: a request lost with its connection is sent again from it.
     */
    static InFlight startWrite(CageChannel ch, Segment s) throws CageException {
        return new InFlight(s, ch.link().start(writeBody(ch, s)));
    }

    /** Waits for a WRITE's reply, sending it again if its connection was lost; returns the file's version after it. */
    static long finishWrite(CageChannel ch, InFlight w) throws CageException {
        Frame reply = finish(ch.link(), w.pending(), writeBody(ch, w.segment()));
        try {
            long version = WriteReply.decode(reply.body()).version();
            ch.saw(version);
            return version;
        } finally {
            reply.release();
        }
    }

    /**
     * Makes the file hold exactly {@code data} and closes the channel, sending the writes, the cut of any longer old
     * content and the CLOSE back to back: the node runs them in that order on the file's lane, so together they cost one
     * round trip. Every reply is awaited; the first failure is thrown once all have come (the close happens anyway).
     */
    static void writeWholeAndClose(CageChannel ch, byte[] data) throws CageException {
        ServerLink link = ch.link();
        List<InFlight> writes = new ArrayList<>();
        if (data.length > 0) {
            for (Segment s : split(0, data, 0, data.length, link.maxData())) {
                writes.add(startWrite(ch, s));
            }
        }
        ServerLink.Body cut = () -> new TruncateRequest(ch.handle(), data.length);
        ServerLink.Body close = () -> new HandleRequest(Opcode.CLOSE, ch.handle());
        ServerLink.Pending cutting = link.start(cut);
        ServerLink.Pending closing = link.start(close);
        CageException first = null;
        for (InFlight w : writes) {
            try {
                finishWrite(ch, w);
            } catch (CageException e) {
                first = first == null ? e : first;
            }
        }
        try (Released reply = new Released(finish(link, cutting, cut))) {
            ch.saw(TruncateReply.decode(reply.frame().body()).version());
        } catch (CageException e) {
            first = first == null ? e : first;
        }
        try (Released reply = new Released(finish(link, closing, close))) {
            // nothing to read: the channel is closed
        } catch (CageException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    /** Gives up on requests in flight: their replies are released when they come, and nothing waits for them. */
    static void abandon(java.util.Collection<InFlight> requests) {
        for (InFlight r : requests) {
            r.pending().reply().whenComplete((f, e) -> {
                if (f != null) {
                    f.release();
                }
            });
        }
        requests.clear();
    }

    /** A reply frame released by try-with-resources. */
    private record Released(Frame frame) implements AutoCloseable {
        @Override
        public void close() {
            frame.release();
        }
    }

    /**
     * The reply to a request sent with {@link ServerLink#start}; if its connection was lost, the client logs in again
     * and sends {@code body} once more.
     */
    private static Frame finish(ServerLink link, ServerLink.Pending p, ServerLink.Body body) throws CageException {
        try {
            return link.finish(p);
        } catch (ServerUnavailableException lostInFlight) {
            return link.call(body, true);
        }
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
