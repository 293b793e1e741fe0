package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** Reply frames: an error reply reads back as its specific exception; a malformed reply is refused. */
class ResponsesTest {
    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    @Test
    void check_errorReply_throwsItsSpecificExceptionWithTheMessage() {
        Frame reply = Responses.error(ALLOC, 9, Status.READ_ONLY_CHANNEL, "opened SHARED_READ");

        assertThatThrownBy(() -> Responses.check(reply)).isInstanceOfSatisfying(ReadOnlyChannelException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.READ_ONLY_CHANNEL);
            assertThat(e.getMessage()).isEqualTo("opened SHARED_READ");
        });
        assertThat(reply.requestId()).isEqualTo(9);
        reply.release();
    }

    @Test
    void check_okReply_leavesTheBodyAtTheFirstResult() throws Exception {
        Frame reply = Responses.ok(ALLOC, 1, 8);
        reply.body().writeLong(77);

        Responses.check(reply);

        assertThat(Wire.readLong(reply.body())).isEqualTo(77);
        reply.release();
    }

    @Test
    void check_notAResponse_throwsUnexpectedMessage() {
        Frame f = new Frame(Opcode.READ, 1, Unpooled.wrappedBuffer(new byte[] {0, 0}));

        assertThatThrownBy(() -> Responses.check(f)).isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.status()).isEqualTo(Status.UNEXPECTED_MESSAGE));
    }

    @Test
    void check_replyWithoutAStatus_throwsMalformedFrame() {
        Frame f = new Frame(Opcode.RESPONSE, 1, Unpooled.wrappedBuffer(new byte[] {1}));

        assertThatThrownBy(() -> Responses.check(f)).isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.status()).isEqualTo(Status.MALFORMED_FRAME));
    }

    @Test
    void error_overlongMessage_isCutToFitAFrame() {
        Frame reply = Responses.error(ALLOC, 1, Status.IO_ERROR, "x".repeat(100_000));

        assertThatThrownBy(() -> Responses.check(reply)).satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(2100));
        reply.release();
    }
}
