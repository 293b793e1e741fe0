package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.ServerUnavailableException;
import dev.cage.protocol.SharingConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idle timeouts, server restarts and shutdown, seen from clients. */
class SessionLifecycleTest {
    @TempDir
    Path tmp;

    @Test
    void idleTimeout_releasesAnExclusiveOpen() throws Exception {
        MutableClock clock = new MutableClock();
        try (TestNode n = TestNode.start(tmp, b -> b.clock(clock).idleTimeout(Duration.ofMinutes(1))
                 .reapInterval(Duration.ofHours(1)));
             Cage idle = n.client("s"); Cage other = n.client("s")) {
            idle.create("s", "locked");
            idle.open("s", "locked", OpenMode.EXCLUSIVE);
            assertThatThrownBy(() -> other.open("s", "locked", OpenMode.SHARED_READ))
                .isInstanceOf(SharingConflictException.class);

            clock.advance(Duration.ofSeconds(61));
            n.node().reapIdleSessions();

            await().atMost(Duration.ofSeconds(10)).until(() -> n.node().openChannelCount() == 0);
            other.close(other.open("s", "locked", OpenMode.EXCLUSIVE));
        }
    }

    @Test
    void idleTimeout_doesNotEndABusySession() throws Exception {
        MutableClock clock = new MutableClock();
        try (TestNode n = TestNode.start(tmp, b -> b.clock(clock).idleTimeout(Duration.ofMinutes(1))
                 .reapInterval(Duration.ofHours(1)));
             Cage busy = n.clientBuilder("s").pageCount(0).build()) { // every write reaches the server
            CageChannel ch = busy.open("s", "f", OpenMode.EXCLUSIVE, true);
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(40));
                busy.write(ch, i, new byte[] {(byte) i});
                n.node().reapIdleSessions();
            }
            assertThat(n.node().openChannelCount()).isEqualTo(1);
        }
    }

    @Test
    void idleSession_clientLogsInAgainAndReopensTransparently() throws Exception {
        MutableClock clock = new MutableClock();
        try (TestNode n = TestNode.start(tmp, b -> b.clock(clock).idleTimeout(Duration.ofMinutes(1))
                 .reapInterval(Duration.ofHours(1)));
             Cage cage = n.client("s")) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "before".getBytes());
            clock.advance(Duration.ofMinutes(2));
            n.node().reapIdleSessions();
            await().atMost(Duration.ofSeconds(10)).until(() -> n.node().openChannelCount() == 0);

            cage.write(ch, 6, "+after".getBytes());
            assertThat(new String(cage.read(ch, 0, 100))).isEqualTo("before+after");
        }
    }

    @Test
    void serverRestart_midSession_channelsAreReopenedAndWritesLand() throws Exception {
        try (TestNode n = TestNode.startOnFixedPorts(tmp, b -> b); Cage cage = n.client("s")) {
            CageChannel ch = cage.open("s", "survivor.bin", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, "one".getBytes());

            n.stop();
            n.restart();

            cage.write(ch, 3, "two".getBytes());
            assertThat(new String(cage.read(ch, 0, 10))).isEqualTo("onetwo");
            cage.close(ch);
            assertThat(Files.readString(n.root().resolve("survivor.bin"))).isEqualTo("onetwo");
        }
    }

    @Test
    void serverRestart_afterARename_reopensTheFileByItsNewName() throws Exception {
        try (TestNode n = TestNode.startOnFixedPorts(tmp, b -> b); Cage cage = n.client("s")) {
            cage.mkdir("s", "d");
            CageChannel ch = cage.open("s", "d/before", OpenMode.EXCLUSIVE, true);
            cage.rename("s", "d/before", "d/after");
            n.stop();
            n.restart();
            cage.write(ch, 0, "after restart".getBytes());
            cage.close(ch);
            assertThat(Files.readString(n.root().resolve("d/after"))).isEqualTo("after restart");
        }
    }

    @Test
    void serverRestart_whileAnotherTookTheFile_channelIsLostWithAClearError() throws Exception {
        try (TestNode n = TestNode.startOnFixedPorts(tmp, b -> b); Cage cage = n.client("s")) {
            CageChannel ch = cage.open("s", "contested", OpenMode.EXCLUSIVE, true);
            n.stop();
            n.restart();
            try (Cage thief = n.client("s")) {
                CageChannel stolen = thief.open("s", "contested", OpenMode.EXCLUSIVE);
                cage.write(ch, 0, new byte[] {1}); // lands in the page cache; pushing it needs the server
                assertThatThrownBy(() -> cage.putPages(ch))
                    .isInstanceOf(ChannelClosedException.class).hasMessageContaining("held EXCLUSIVE");
                thief.close(stolen);
            }
        }
    }

    @Test
    void serverGone_callFailsAfterTheResponseTimeout() throws Exception {
        TestNode n = TestNode.start(tmp);
        try (Cage cage = n.clientBuilder("s").responseTimeout(Duration.ofMillis(800)).build()) {
            cage.create("s", "x");
            n.close();
            assertThatThrownBy(() -> cage.stat("s", "x"))
                .isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("server 's'").hasMessageContaining("unavailable")
                .hasMessageContaining("cannot connect");
        }
    }

    @Test
    void shutdown_releasesEveryChannel() throws Exception {
        TestNode n = TestNode.start(tmp);
        try (Cage cage = n.clientBuilder("s").pageCount(0).build()) {
            CageChannel ch = cage.open("s", "f", OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, new byte[1 << 20]);
            n.close();
            assertThat(n.node().openChannelCount()).isZero();
            assertThat(Files.size(n.root().resolve("f"))).isEqualTo(1 << 20);
        }
    }
}
