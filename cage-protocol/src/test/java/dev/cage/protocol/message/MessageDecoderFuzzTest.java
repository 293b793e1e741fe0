package dev.cage.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cage.protocol.CageException;
import dev.cage.protocol.Frame;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Responses;
import dev.cage.protocol.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of every body decoder (issue 18): any bytes as the request or the reply of any opcode.
 * A body either decodes to a message, or is refused the one way the protocol refuses a body it cannot read:
 * {@link ProtocolException} with {@link Status#MALFORMED_FRAME}, or, for a value the layout allows but the protocol
 * does not (CHECKSUMS' page size or count), the argument error its decoder documents, such as
 * {@link InvalidArgumentException}. Nothing else may
 * escape: no {@code IndexOutOfBoundsException}, no {@code IllegalArgumentException} from a record that refuses what
 * its decoder let through, no {@code OutOfMemoryError} from a count believed before it was checked. A reply's status
 * goes through {@link Responses#check} first, as the client's does, and must come back as exactly the exception
 * {@link Status#toException} names. What decodes must encode, and what that encodes to must decode and encode to the
 * same bytes (so no message is accepted that its own encoder cannot say). The peeks the node makes at raw bodies
 * before decoding ({@link FileRequest#peekHandle}, {@link ReadRequest#peekLength}, {@link PathRequest#peekPath})
 * never throw anything else and never move the reader index.
 *
 * <p>The input: {@code u8 opcode} (bytes naming no opcode are skipped), {@code u8 d} (bit 0: 0 request, 1 reply;
 * bits 1-7: the page count a CHECKSUMS reply answers for), then the body: a request's as sent, a reply's from its
 * status on. Seeds (every message of {@code MessageRoundTripTest}, encoded) are in
 * {@code src/test/resources/dev/cage/protocol/message/MessageDecoderFuzzTestInputs/}.
 */
class MessageDecoderFuzzTest {
    @Tag("fuzz-message-decoders") // picks this test for its fuzzing execution in the slow profile (see the pom)
    @FuzzTest(maxDuration = "4m")
    void decode_anyBodyOfAnyOpcode_messageOrMalformedFrame(byte[] data) throws CageException {
        if (data.length < 2 || Opcode.of(data[0] & 0xFF) == null) {
            return;
        }
        Opcode op = Opcode.of(data[0] & 0xFF);
        boolean reply = (data[1] & 1) == 1;
        OpcodeBodies.Decoders decoders = OpcodeBodies.of(op, (data[1] & 0xFF) >>> 1);
        ByteBuf body = Unpooled.wrappedBuffer(Arrays.copyOfRange(data, 2, data.length));
        if (reply) {
            decodeReply(op, decoders.reply(), body);
        } else {
            peek(op, body);
            decode(op, decoders.request(), body);
        }
    }

    private static void decodeReply(Opcode op, OpcodeBodies.Decoder decoder, ByteBuf body) throws CageException {
        int status = body.readableBytes() >= 2 ? body.getUnsignedShort(0) : -1;
        try {
            Responses.check(new Frame(Opcode.RESPONSE, 1, body));
        } catch (CageException e) {
            if (!isMalformed(e)) {
                Status said = Status.of(status);
                assertThat(e.status()).as("status of the exception for reply status %d", status).isEqualTo(said);
                assertThat(e).as("exception for reply status %d", status)
                    .isExactlyInstanceOf(said.toException("").getClass());
            }
            return;
        }
        decode(op, decoder, body);
    }

    private static void decode(Opcode op, OpcodeBodies.Decoder decoder, ByteBuf body) throws CageException {
        if (decoder == null) {
            return;
        }
        Message m;
        try {
            m = decoder.decode(body);
        } catch (CageException e) {
            if (!isMalformed(e) && !isArgumentError(e)) {
                throw new AssertionError(op + " body refused with " + e.getClass().getName() + " " + e.status(), e);
            }
            return;
        }
        byte[] once = encode(m);
        Message again;
        try {
            again = decoder.decode(Unpooled.wrappedBuffer(once));
        } catch (CageException e) {
            throw new AssertionError(op + ": " + m + " encodes to bytes its decoder refuses", e);
        }
        assertThat(encode(again)).as("%s: %s encoded, decoded and encoded again", op, m).isEqualTo(once);
    }

    private static void peek(Opcode op, ByteBuf body) {
        int start = body.readerIndex();
        ReadRequest.peekLength(body);
        PathRequest.peekPath(body);
        if (FileRequest.takesHandle(op)) {
            try {
                FileRequest.peekHandle(op, body);
            } catch (ProtocolException e) {
                assertThat(isMalformed(e)).as("peekHandle refusal %s", e.status()).isTrue();
            }
        }
        assertThat(body.readerIndex()).as("reader index after the peeks").isEqualTo(start);
    }

    private static boolean isMalformed(CageException e) {
        return e.getClass() == ProtocolException.class && e.status() == Status.MALFORMED_FRAME;
    }

    /**
     * A value the layout allows but the protocol does not (CHECKSUMS' page size or count, LIST_PAGE's count), refused
     * as its decoder documents: a status of the 3xx range, which fails that request only.
     */
    private static boolean isArgumentError(CageException e) {
        return !(e instanceof ProtocolException) && e.status().code() / 100 == 3;
    }

    private static byte[] encode(Message m) {
        ByteBuf out = Unpooled.buffer();
        m.encode(out);
        return ByteBufUtil.getBytes(out);
    }
}
