package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin replies' layouts: what a node writes reads back equal, and a cut-short body is reported, never read past. */
class AdminInfoTest {
    private static final Instant T = Instant.parse("2026-11-21T07:00:00.123456Z");

    static SessionInfo session() {
        return new SessionInfo(7, "alice", false, "127.0.0.1:50123", 7071, true, T, T.plusSeconds(5),
            Duration.ofMillis(1500), 2, List.of(
                new ChannelInfo(11, "docs/a.txt", OpenMode.EXCLUSIVE, 99, 123_456_789L, 4096),
                new ChannelInfo(12, "Grüße/b", OpenMode.SHARED_READ, 100, 1, -1)));
    }

    static NodeInfo node() {
        return new NodeInfo("0.1.0", Protocol.VERSION, "/srv/files", "127.0.0.1", 7070, List.of(7071, 7072), false,
            T, Duration.ofHours(3), Duration.ofMinutes(10), true, "h2", 3, 2, 4, 1000, 400, 1 << 20, 50, 12345);
    }

    @Test
    void sessionInfo_readFromWhatWriteToWrote_isEqual() throws Exception {
        ByteBuf b = Unpooled.buffer();
        session().writeTo(b);

        assertThat(b.readableBytes()).isLessThanOrEqualTo(session().wireSize());
        assertThat(SessionInfo.readFrom(b)).isEqualTo(session());
        assertThat(b.isReadable()).isFalse();
    }

    @Test
    void nodeInfo_readFromWhatWriteToWrote_isEqual() throws Exception {
        ByteBuf b = Unpooled.buffer();
        node().writeTo(b);

        assertThat(NodeInfo.readFrom(b)).isEqualTo(node());
        assertThat(b.isReadable()).isFalse();
    }

    @Test
    void readFrom_everyTruncation_throwsMalformedFrame() {
        ByteBuf s = Unpooled.buffer();
        session().writeTo(s);
        ByteBuf n = Unpooled.buffer();
        node().writeTo(n);
        for (int cut = 0; cut < s.readableBytes(); cut++) {
            ByteBuf part = s.slice(0, cut);
            assertThatThrownBy(() -> SessionInfo.readFrom(part)).as("session cut at %d", cut)
                .isInstanceOf(ProtocolException.class);
        }
        for (int cut = 0; cut < n.readableBytes(); cut++) {
            ByteBuf part = n.slice(0, cut);
            assertThatThrownBy(() -> NodeInfo.readFrom(part)).as("node cut at %d", cut)
                .isInstanceOf(ProtocolException.class);
        }
    }
}
