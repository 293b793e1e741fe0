package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.AuthenticationException;
import dev.cage.protocol.Status;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticationTest {
    @TempDir
    Path tmp;

    @Test
    void firstStart_createsAdminWithASecretOnlyTheOwnerCanRead() throws Exception {
        try (TestNode n = TestNode.start(tmp)) {
            Path secretFile = n.node().adminSecretFile();
            assertThat(Files.getPosixFilePermissions(secretFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readAllLines(secretFile).get(0)).isEqualTo("admin");
            String users = Files.readString(tmp.resolve("data").resolve(UserStore.FILE));
            assertThat(users).contains("admin=").doesNotContain(n.secret());
        }
    }

    @Test
    void wrongSecret_isRefused() throws Exception {
        try (TestNode n = TestNode.start(tmp);
             Cage cage = Cage.builder().server("s", new ServerSpec("127.0.0.1", n.port(), "admin", "wrong")).build()) {
            assertThatThrownBy(() -> cage.stat("s", ""))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("authentication failed for user 'admin'");
        }
    }

    @Test
    void unknownUser_isRefusedTheSameWay() throws Exception {
        try (TestNode n = TestNode.start(tmp);
             Cage cage = Cage.builder().server("s", new ServerSpec("127.0.0.1", n.port(), "mallory", n.secret())).build()) {
            assertThatThrownBy(() -> cage.stat("s", ""))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("unknown user or wrong secret");
        }
    }

    @Test
    void addedUser_canLogIn() throws Exception {
        try (TestNode n = TestNode.start(tmp)) {
            UserStore.open(tmp.resolve("data")).put("bob", "bobs-secret".toCharArray());
            n.stop();
            n.restart();
            try (Cage cage = Cage.builder().server("s", new ServerSpec("127.0.0.1", n.port(), "bob", "bobs-secret")).build()) {
                assertThat(cage.list("s", "")).isEmpty();
            }
        }
    }

    @Test
    void expiredToken_isRefusedOnTheDataPort() throws Exception {
        MutableClock clock = new MutableClock();
        try (TestNode n = TestNode.start(tmp, b -> b.clock(clock).tokenTtl(Duration.ofSeconds(30)))) {
            ManualLogin.Grant grant = ManualLogin.login(n.port(), "admin", n.secret());
            clock.advance(Duration.ofSeconds(31));
            try (Socket data = ManualLogin.connect(grant.dataPort())) {
                ManualLogin.Reply reply = ManualLogin.attach(data, grant.token());
                assertThat(reply.status()).isEqualTo(Status.TOKEN_INVALID.code());
                assertThat(reply.message()).contains("expired");
            }
        }
    }

    @Test
    void freshToken_attachesOnce_andNotTwice() throws Exception {
        try (TestNode n = TestNode.start(tmp)) {
            ManualLogin.Grant grant = ManualLogin.login(n.port(), "admin", n.secret());
            try (Socket first = ManualLogin.connect(grant.dataPort()); Socket second = ManualLogin.connect(grant.dataPort())) {
                assertThat(ManualLogin.attach(first, grant.token()).status()).isZero();
                assertThat(ManualLogin.attach(second, grant.token()).status()).isEqualTo(Status.TOKEN_INVALID.code());
            }
        }
    }

    @Test
    void aMadeUpNamesSalt_isTheSameAfterARestart_asARealUsersIs() throws Exception {
        try (TestNode n = TestNode.start(tmp)) {
            byte[] before = saltOf(n, "nobody-at-all");
            byte[] admin = saltOf(n, "admin");
            n.stop();
            n.restart();
            assertThat(saltOf(n, "nobody-at-all")).as("a made-up name's salt across a restart").isEqualTo(before);
            assertThat(saltOf(n, "admin")).as("a real user's salt across a restart").isEqualTo(admin);
        }
    }

    @Test
    void theDataDirectory_isTheNodesUsersOnly() throws Exception {
        try (TestNode n = TestNode.start(tmp)) {
            Path data = n.node().config().dataDir();
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            n.stop();
            n.restart(); // made owner-only again at every start
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(data.resolve("journal.mv.db")).exists();
            assertThat(data.resolve("trash")).isDirectory();
        }
    }

    private static byte[] saltOf(TestNode n, String user) throws Exception {
        try (RawConnection c = RawConnection.greeted(n.port())) {
            io.netty.buffer.ByteBuf challenge = c.call(dev.cage.protocol.Opcode.AUTH_START, RawFrames.body(b -> {
                dev.cage.protocol.Wire.writeString(b, user);
                dev.cage.protocol.Wire.writeBytes(b, new byte[dev.cage.protocol.Scram.NONCE_BYTES]);
            })).okBody();
            return dev.cage.protocol.Wire.readBytes(challenge, 256);
        }
    }
}
