package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.protocol.Frame;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.Protocol;
import dev.cage.protocol.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a stranger can send before logging in, on the main port and on every data port: garbage, cut-off
 * frames, lying lengths, a wrong HELLO, a frame out of order. Each gets an error frame with the right
 * status and the connection closes, or the connection just closes; a session opened before the attack
 * keeps working throughout (checked after every test by {@link NodeUnderAttack}).
 */
class HostileInputTest {
    @RegisterExtension
    static final NodeUnderAttack NODE = new NodeUnderAttack();

    /** The main port and each data port. */
    static Stream<Named<Integer>> ports() {
        int[] data = NODE.node().node().dataPorts();
        return Stream.concat(Stream.of(Named.of("main port", NODE.node().port())),
            IntStream.range(0, data.length).mapToObj(i -> Named.of("data port " + (i + 1), data[i])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void stream_randomGarbage_protocolErrorOrClose(int port) throws IOException {
        for (int seed = 1; seed <= 10; seed++) {
            Random random = new Random(seed);
            byte[] junk = new byte[1 + random.nextInt(1000)];
            random.nextBytes(junk);
            try (RawConnection c = RawConnection.open(port)) {
                c.send(junk);
                c.shutdownOutput();
                assertProtocolErrorOrClose(c.readErrorOrClose(), "seed " + seed);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void stream_framedGarbageWithPlausibleLength_protocolErrorOrClose(int port) throws IOException {
        for (int seed = 1; seed <= 10; seed++) {
            Random random = new Random(seed);
            byte[] body = new byte[random.nextInt(200)];
            random.nextBytes(body);
            try (RawConnection c = RawConnection.open(port)) {
                c.send(RawFrames.frame(random.nextInt(256), random.nextInt(), body));
                c.shutdownOutput();
                assertProtocolErrorOrClose(c.readErrorOrClose(), "seed " + seed);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void stream_randomGarbageAfterHello_protocolErrorOrClose(int port) throws IOException {
        for (int seed = 11; seed <= 20; seed++) {
            Random random = new Random(seed);
            byte[] junk = new byte[1 + random.nextInt(1000)];
            random.nextBytes(junk);
            try (RawConnection c = RawConnection.greeted(port)) {
                c.send(junk);
                c.shutdownOutput();
                assertProtocolErrorOrClose(c.readErrorOrClose(), "seed " + seed);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void stream_otherProtocols_frameTooLargeThenClose(int port) throws IOException {
        byte[] http = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tlsClientHello = HexFormat.of().parseHex("160301020001000200");
        for (byte[] foreign : new byte[][] {http, tlsClientHello}) {
            try (RawConnection c = RawConnection.open(port)) {
                c.send(foreign);
                assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.FRAME_TOO_LARGE.code());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void frame_truncatedThenHalfClose_closedWithoutReply(int port) throws IOException {
        byte[] hello = RawFrames.hello();
        try (RawConnection c = RawConnection.open(port)) {
            c.send(Arrays.copyOf(hello, hello.length - 1));
            c.shutdownOutput();
            c.assertClosedByPeer();
        }
        try (RawConnection c = RawConnection.greeted(port)) {
            c.send(RawFrames.concat(RawFrames.header(100, Opcode.STAT.code(), 2), new byte[10]));
            c.shutdownOutput();
            c.assertClosedByPeer();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void frame_truncatedThenAbruptClose_harmsNoOne(int port) throws IOException {
        try (RawConnection c = RawConnection.greeted(port)) {
            c.send(RawFrames.concat(RawFrames.header(4000, Opcode.AUTH_START.code(), 2), new byte[1000]));
        }
        try (RawConnection c = RawConnection.open(port)) {
            c.send(new byte[] {0, 0});
        }
        // NodeUnderAttack checks after the test that nobody else noticed
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void frame_length2GiBBeforeHello_frameTooLargeThenClose(int port) throws IOException {
        try (RawConnection c = RawConnection.open(port)) {
            c.send(RawFrames.concat(RawFrames.header(1L << 31, Opcode.WRITE.code(), 5), new byte[3]));

            RawConnection.RawFrame reply = c.readErrorThenClose();
            assertThat(reply.statusCode()).isEqualTo(Status.FRAME_TOO_LARGE.code());
            assertThat(reply.requestId()).isEqualTo(Protocol.UNSOLICITED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void frame_lengthJustOverThePortsMaximum_frameTooLargeThenClose(int port) throws IOException {
        try (RawConnection c = RawConnection.open(port)) {
            int max = c.hello();
            c.send(RawFrames.concat(RawFrames.header(max + 1L, Opcode.WRITE.code(), 5), new byte[64]));

            assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.FRAME_TOO_LARGE.code());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void frame_lengthBelowHeaderSize_malformedFrameThenClose(int port) throws IOException {
        try (RawConnection c = RawConnection.greeted(port)) {
            c.send(RawFrames.header(Frame.HEADER_AFTER_LENGTH - 1, Opcode.STAT.code(), 3));

            assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.MALFORMED_FRAME.code());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void frame_unknownOpcode_unexpectedMessageThenClose(int port) throws IOException {
        try (RawConnection c = RawConnection.greeted(port)) {
            c.send(RawFrames.frame(99, 3, new byte[4]));

            assertThat(c.readErrorThenClose().statusCode()).isEqualTo(Status.UNEXPECTED_MESSAGE.code());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void hello_wrongMagic_malformedFrameThenClose(int port) throws IOException {
        try (RawConnection c = RawConnection.open(port)) {
            c.send(RawFrames.frame(Opcode.HELLO, 7, RawFrames.hello(Protocol.MAGIC + 1, Protocol.VERSION)));

            RawConnection.RawFrame reply = c.readErrorThenClose();
            assertThat(reply.statusCode()).isEqualTo(Status.MALFORMED_FRAME.code());
            assertThat(reply.requestId()).isEqualTo(7);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void hello_wrongVersion_unsupportedVersionThenClose(int port) throws IOException {
        for (int version : new int[] {0, Protocol.VERSION + 1, 0xFFFF}) {
            try (RawConnection c = RawConnection.open(port)) {
                c.send(RawFrames.frame(Opcode.HELLO, 7, RawFrames.hello(Protocol.MAGIC, version)));

                RawConnection.RawFrame reply = c.readErrorThenClose();
                assertThat(reply.statusCode()).as("version %d", version).isEqualTo(Status.UNSUPPORTED_VERSION.code());
                assertThat(reply.message()).contains(String.valueOf(version));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void hello_truncatedBody_malformedFrameThenClose(int port) throws IOException {
        try (RawConnection c = RawConnection.open(port)) {
            c.send(RawFrames.frame(Opcode.HELLO, 7, new byte[] {0x43, 0x41, 0x47}));

            RawConnection.RawFrame reply = c.readErrorThenClose();
            assertThat(reply.statusCode()).isEqualTo(Status.MALFORMED_FRAME.code());
            assertThat(reply.message()).contains("truncated");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void firstFrame_notHello_unexpectedMessageThenClose(int port) throws IOException {
        for (Opcode op : new Opcode[] {Opcode.AUTH_START, Opcode.ATTACH, Opcode.READ, Opcode.RESPONSE}) {
            try (RawConnection c = RawConnection.open(port)) {
                c.send(RawFrames.frame(op, 4, new byte[12]));

                RawConnection.RawFrame reply = c.readErrorThenClose();
                assertThat(reply.statusCode()).as("first frame %s", op).isEqualTo(Status.UNEXPECTED_MESSAGE.code());
                assertThat(reply.requestId()).isEqualTo(4);
            }
        }
    }

    /** A status from the protocol range (100–199), or -1 for a close without a reply. */
    private static void assertProtocolErrorOrClose(int status, String what) {
        assertThat(status).as("outcome for %s", what)
            .satisfiesAnyOf(s -> assertThat(s).isEqualTo(-1), s -> assertThat(s).isBetween(100, 199));
    }
}
