package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cage.client.Cage;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.SharingConflictException;
import dev.cage.protocol.Status;
import dev.cage.protocol.Wire;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A logged-in session sending requests whose bodies are cut short: each gets MALFORMED_FRAME with its
 * request id, and that session (only) ends, releasing its files. Frames up to the session limit are
 * still accepted once attached.
 */
class HostileRequestInputTest {
    @RegisterExtension
    static final NodeUnderAttack NODE = new NodeUnderAttack();

    @Test
    void request_truncatedBodyAfterLogin_malformedFrameAndOnlyThatSessionEnds() throws IOException {
        try (Cage checker = NODE.node().client("n")) {
            for (TruncatedRequest bad : TruncatedRequest.values()) {
                String victim = "victim-" + bad + ".bin";
                try (RawConnection c = RawLogin.session(NODE.node())) {
                    long handle = RawLogin.open(c, victim, OpenMode.EXCLUSIVE.code(), true);
                    int id = c.send(bad.op, bad.body(handle));

                    RawConnection.RawFrame reply = c.readErrorThenClose();
                    assertThat(reply.statusCode()).as("%s", bad).isEqualTo(Status.MALFORMED_FRAME.code());
                    assertThat(reply.requestId()).as("%s", bad).isEqualTo(id);
                }
                // The session ended with its connection, so its exclusive hold on the file is released.
                await().atMost(Duration.ofSeconds(5)).ignoreException(SharingConflictException.class)
                    .untilAsserted(() -> checker.close(checker.open("n", victim, OpenMode.EXCLUSIVE)));
            }
        }
    }

    @Test
    void frame_upToTheSessionLimitAfterAttach_isAccepted() throws IOException {
        int max = NODE.node().node().config().maxFrameSize();
        try (RawConnection c = RawLogin.session(NODE.node())) {
            long h = RawLogin.open(c, "big.bin", OpenMode.EXCLUSIVE.code(), true);
            byte[] write = RawFrames.body(b -> b.writeLong(h).writeLong(0).writeBytes(new byte[max - 5 - 16]));

            assertThat(c.call(Opcode.WRITE, write).okBody().readLong()).as("new size").isEqualTo(max - 5 - 16);
        }
    }

    /** Requests cut short in the different places a body can be cut, or with bytes past their last field. */
    private enum TruncatedRequest {
        READ_WITHOUT_LENGTH(Opcode.READ) {
            byte[] body(long handle) {
                return RawFrames.body(b -> b.writeLong(handle).writeLong(0).writeShort(1));
            }
        },
        READ_SHORTER_THAN_A_HANDLE(Opcode.READ) {
            byte[] body(long handle) {
                return new byte[4];
            }
        },
        WRITE_WITHOUT_OFFSET(Opcode.WRITE) {
            byte[] body(long handle) {
                return RawFrames.body(b -> b.writeLong(handle).writeInt(0));
            }
        },
        TRUNCATE_WITHOUT_SIZE(Opcode.TRUNCATE) {
            byte[] body(long handle) {
                return RawFrames.body(b -> b.writeLong(handle).writeByte(1));
            }
        },
        CREATE_WITH_CUT_PATH(Opcode.CREATE) {
            byte[] body(long handle) {
                return RawFrames.body(b -> b.writeShort(40).writeBytes(new byte[] {'a', 'b'}));
            }
        },
        OPEN_WITHOUT_MODE(Opcode.OPEN) {
            byte[] body(long handle) {
                return pathBody("some.bin");
            }
        },
        RENAME_WITHOUT_TARGET(Opcode.RENAME) {
            byte[] body(long handle) {
                return pathBody("some.bin");
            }
        },
        ADMIN_SESSIONS_WITH_CUT_CURSOR(Opcode.ADMIN_SESSIONS) {
            byte[] body(long handle) {
                return new byte[4];
            }
        },
        ADMIN_NODE_WITH_A_STRAY_BYTE(Opcode.ADMIN_NODE) {
            byte[] body(long handle) {
                return new byte[1];
            }
        };

        final Opcode op;

        TruncatedRequest(Opcode op) {
            this.op = op;
        }

        abstract byte[] body(long handle);
    }

    private static byte[] pathBody(String path) {
        return RawFrames.body(b -> Wire.writeString(b, path));
    }
}
