package dev.cage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Field encodings: strict UTF-8, length checks before reads, and truncation reported, never read past. */
class WireTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "dir/file.txt", "Grüße", "日本語", "emoji \uD83D\uDE00", "nul\u0000inside"})
    void readString_whatWriteStringWrote_returnsTheSameString(String s) throws Exception {
        ByteBuf b = Unpooled.buffer();
        Wire.writeString(b, s);

        assertThat(Wire.readString(b)).isEqualTo(s);
        assertThat(b.isReadable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ff",           // never valid in UTF-8
        "80",           // a continuation byte with no lead
        "c0af",         // overlong '/'
        "c080",         // overlong NUL ("modified UTF-8")
        "e080af",       // overlong '/' in three bytes
        "f08080af",     // overlong '/' in four bytes
        "eda080",       // a UTF-16 surrogate encoded on its own (CESU-8)
        "f4908080",     // above U+10FFFF
        "e282",         // a three-byte sequence cut short
        "61c3"})        // valid text, then a lead byte at the end
    void readString_invalidUtf8_throwsMalformedFrame(String hex) {
        ByteBuf b = stringField(HexFormat.of().parseHex(hex));

        assertMalformed(() -> Wire.readString(b), "not valid UTF-8");
    }

    @Test
    void readString_lengthFieldCutShort_throwsTruncated() {
        assertMalformed(() -> Wire.readString(Unpooled.wrappedBuffer(new byte[] {0})), "truncated");
    }

    @Test
    void readString_fewerBytesThanDeclared_throwsTruncated() {
        ByteBuf b = Unpooled.buffer().writeShort(10).writeBytes("abc".getBytes(StandardCharsets.US_ASCII));

        assertMalformed(() -> Wire.readString(b), "truncated");
    }

    @Test
    void writeString_over65535Bytes_throwsIllegalArgument() {
        assertThatThrownBy(() -> Wire.writeString(Unpooled.buffer(), "x".repeat(0x10000)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readBytes_whatWriteBytesWrote_returnsTheSameBytes() throws Exception {
        ByteBuf b = Unpooled.buffer();
        Wire.writeBytes(b, new byte[] {1, 2, 3});
        Wire.writeBytes(b, new byte[0]);

        assertThat(Wire.readBytes(b, 3)).containsExactly(1, 2, 3);
        assertThat(Wire.readBytes(b, 0)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -256, Integer.MIN_VALUE})
    void readBytes_negativeLength_throwsMalformedFrame(int length) {
        ByteBuf b = Unpooled.buffer().writeInt(length).writeBytes(new byte[16]);

        assertMalformed(() -> Wire.readBytes(b, 256), "negative");
    }

    @ParameterizedTest
    @ValueSource(ints = {257, 1 << 20, Integer.MAX_VALUE})
    void readBytes_lengthOverLimit_throwsMalformedFrameBeforeAllocating(int length) {
        ByteBuf b = Unpooled.buffer().writeInt(length).writeBytes(new byte[300]);

        assertMalformed(() -> Wire.readBytes(b, 256), "exceeds");
    }

    @Test
    void readBytes_fewerBytesThanDeclared_throwsTruncated() {
        ByteBuf b = Unpooled.buffer().writeInt(200).writeBytes(new byte[199]);

        assertMalformed(() -> Wire.readBytes(b, 256), "truncated");
    }

    @Test
    void readBytes_lengthFieldCutShort_throwsTruncated() {
        assertMalformed(() -> Wire.readBytes(Unpooled.wrappedBuffer(new byte[3]), 256), "truncated");
    }

    @Test
    void readNumbers_fieldCutShort_throwTruncated() {
        assertMalformed(() -> Wire.readLong(Unpooled.wrappedBuffer(new byte[7])), "truncated");
        assertMalformed(() -> Wire.readInt(Unpooled.wrappedBuffer(new byte[3])), "truncated");
        assertMalformed(() -> Wire.readUnsignedShort(Unpooled.wrappedBuffer(new byte[1])), "truncated");
        assertMalformed(() -> Wire.readUnsignedByte(Unpooled.EMPTY_BUFFER), "truncated");
    }

    @Test
    void readNumbers_fullFields_readBigEndian() throws Exception {
        ByteBuf b = Unpooled.wrappedBuffer(HexFormat.of().parseHex("0102030405060708" + "0a0b0c0d" + "fffe" + "fd"));

        assertThat(Wire.readLong(b)).isEqualTo(0x0102030405060708L);
        assertThat(Wire.readInt(b)).isEqualTo(0x0a0b0c0d);
        assertThat(Wire.readUnsignedShort(b)).isEqualTo(0xfffe);
        assertThat(Wire.readUnsignedByte(b)).isEqualTo(0xfd);
        Wire.end(b);
    }

    @Test
    void end_bytesLeftOver_throwsMalformedFrame() {
        assertMalformed(() -> Wire.end(Unpooled.wrappedBuffer(new byte[2])), "unexpected bytes");
    }

    @Test
    void readFileInfo_truncatedAfterName_throwsTruncated() {
        ByteBuf b = Unpooled.buffer();
        Wire.writeString(b, "a.txt");
        b.writeByte(0).writeLong(1);

        assertMalformed(() -> FileInfo.readFrom(b), "truncated");
    }

    private static ByteBuf stringField(byte[] utf8) {
        return Unpooled.buffer().writeShort(utf8.length).writeBytes(utf8);
    }

    private static void assertMalformed(ThrowingCallable read, String messagePart) {
        assertThatThrownBy(read)
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.status()).isEqualTo(Status.MALFORMED_FRAME);
                assertThat(e.getMessage()).contains(messagePart);
            });
    }
}
