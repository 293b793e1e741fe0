package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import dev.cage.client.CageNodeAdmin;
import dev.cage.client.ServerSpec;
import dev.cage.protocol.AuthenticationException;
import dev.cage.protocol.CageFileNotFoundException;
import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.SessionEndedException;
import dev.cage.protocol.ChannelInfo;
import dev.cage.protocol.NodeInfo;
import dev.cage.protocol.NodeStats;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.SessionInfo;
import dev.cage.protocol.Status;
import dev.cage.protocol.UserInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ADMIN_SESSIONS}, {@code ADMIN_NODE} and {@code ADMIN_END_SESSION} against a real node, with a clock the test moves. */
class AdminOperationsTest {
    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock();
    TestNode node;
    Cage admin;
    Cage alice;
    Cage bob;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(tmp, b -> b.clock(clock));
        UserStore users = UserStore.open(tmp.resolve("data"));
        users.put("alice", "alice-secret".toCharArray());
        users.put("bob", "bob-secret".toCharArray());
        node.stop();
        node.restart(); // the node reads its users at start
        admin = node.client("s");
        alice = client("alice");
        bob = client("bob");
    }

    /** A client with its page cache off, so every read and write reaches the node. */
    private Cage client(String user) throws Exception {
        return Cage.builder().name(user).pageCount(0).responseTimeout(Duration.ofSeconds(10))
            .server("s", new ServerSpec("127.0.0.1", node.port(), user, user + "-secret")).build();
    }

    @AfterEach
    void stop() {
        for (Cage c : new Cage[] {alice, bob, admin}) {
            if (c != null) {
                c.close();
            }
        }
        node.close();
    }

    private static SessionInfo of(List<SessionInfo> sessions, String user) {
        List<SessionInfo> mine = sessions.stream().filter(s -> s.user().equals(user)).toList();
        assertThat(mine).as("sessions of %s", user).hasSize(1);
        return mine.get(0);
    }

    @Test
    void sessions_twoClientsWithOpenChannels_listsEachWithItsChannelsAndModes() throws Exception {
        CageChannel a = alice.open("s", "a.txt", OpenMode.EXCLUSIVE, true);
        alice.write(a, 0, new byte[10]);
        alice.open("s", "shared.txt", OpenMode.SHARED_READ, true);
        bob.open("s", "shared.txt", OpenMode.SHARED_WRITE);
        clock.advance(Duration.ofSeconds(90));

        List<SessionInfo> sessions = admin.admin("s").sessions();

        assertThat(sessions).extracting(SessionInfo::user).containsExactlyInAnyOrder("admin", "alice", "bob");
        SessionInfo al = of(sessions, "alice");
        assertThat(al.admin()).isFalse();
        assertThat(al.attached()).isTrue();
        assertThat(al.remoteAddress()).startsWith("127.0.0.1:");
        assertThat(node.node().dataPorts()).contains(al.dataPort());
        assertThat(al.idle()).isEqualTo(Duration.ofSeconds(90));
        assertThat(al.lastActive()).isEqualTo(clock.instant().minusSeconds(90));
        assertThat(al.loggedIn()).isBeforeOrEqualTo(al.lastActive());
        assertThat(al.openChannels()).isEqualTo(2);
        assertThat(al.channels()).extracting(ChannelInfo::path, ChannelInfo::mode, ChannelInfo::size).containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.txt", OpenMode.EXCLUSIVE, 10L),
            org.assertj.core.groups.Tuple.tuple("shared.txt", OpenMode.SHARED_READ, 0L));
        SessionInfo bo = of(sessions, "bob");
        assertThat(bo.channels()).extracting(ChannelInfo::path, ChannelInfo::mode)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("shared.txt", OpenMode.SHARED_WRITE));
        // Both channels on the shared file name the same file, at the same version.
        assertThat(bo.channels().get(0).fileId()).isEqualTo(al.channels().get(1).fileId());
        assertThat(bo.channels().get(0).version()).isEqualTo(al.channels().get(1).version());
        assertThat(of(sessions, "admin").admin()).isTrue();
        assertThat(of(sessions, "admin").idle()).isZero(); // it is asking right now
    }

    @Test
    void users_addResetDisableEnable_countAtTheNextLogin_andOutliveARestart() throws Exception {
        CageNodeAdmin a = admin.admin("s");
        assertThat(a.users()).extracting(UserInfo::name).containsExactly("admin", "alice", "bob");
        String carlSecret = a.putUser("carl", false);
        assertThat(a.users()).contains(new UserInfo("carl", false, true));
        try (Cage carl = clientWith("carl", carlSecret)) {
            carl.list("s", "");
        }

        String newSecret = a.putUser("carl", false); // reset
        try (Cage oldCarl = clientWith("carl", carlSecret)) {
            assertThatThrownBy(() -> oldCarl.list("s", "")).isInstanceOf(AuthenticationException.class);
        }
        alice.list("s", "");
        a.setUserEnabled("alice", false);
        assertThatThrownBy(() -> alice.list("s", "")).isInstanceOf(SessionEndedException.class)
            .hasMessageContaining("user 'alice' disabled by admin 'admin'");
        assertThatThrownBy(() -> alice.list("s", "")).as("a disabled user cannot log in again")
            .isInstanceOf(AuthenticationException.class);

        node.stop();
        node.restart();
        admin.close();
        admin = node.client("s");
        assertThat(admin.admin("s").users()).contains(new UserInfo("alice", false, false), new UserInfo("carl", false, true));
        try (Cage carl = clientWith("carl", newSecret)) {
            carl.list("s", "");
        }
        admin.admin("s").setUserEnabled("alice", true);
        alice.close();
        alice = client("alice");
        alice.list("s", "");
    }

    @Test
    void users_refusedForNonAdmins_unknownUsers_badNames_andLockingOneselfOut() throws Exception {
        assertThatThrownBy(() -> alice.admin("s").putUser("mallory", true)).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> alice.admin("s").users()).isInstanceOf(AuthenticationException.class);
        CageNodeAdmin a = admin.admin("s");
        assertThatThrownBy(() -> a.setUserEnabled("nobody", false)).isInstanceOf(CageFileNotFoundException.class)
            .hasMessageContaining("no user 'nobody'");
        assertThatThrownBy(() -> a.putUser("a:b", false)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> a.setUserEnabled("admin", false)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> a.putUser("admin", false)).isInstanceOf(InvalidArgumentException.class);
        assertThat(a.users()).extracting(UserInfo::name).containsExactly("admin", "alice", "bob");
        assertThat(a.users()).allMatch(UserInfo::enabled);
    }

    private Cage clientWith(String user, String secret) throws Exception {
        return Cage.builder().name(user).pageCount(0).responseTimeout(Duration.ofSeconds(10))
            .server("s", new ServerSpec("127.0.0.1", node.port(), user, secret)).build();
    }

    @Test
    void stats_countsEachRequestByKind_timesEveryOne_andTheJournalsRecords() throws Exception {
        NodeStats before = admin.admin("s").stats();
        CageChannel a = alice.open("s", "stats.txt", OpenMode.EXCLUSIVE, true);
        for (int i = 0; i < 5; i++) {
            alice.write(a, i * 10L, new byte[10]);
        }
        alice.read(a, 0, 10);
        alice.close(a);
        NodeStats after = admin.admin("s").stats();

        assertThat(delta(before, after, Opcode.WRITE)).isEqualTo(5);
        assertThat(delta(before, after, Opcode.READ)).isEqualTo(1);
        assertThat(delta(before, after, Opcode.OPEN)).isEqualTo(1);
        assertThat(delta(before, after, Opcode.CLOSE)).isEqualTo(1);
        long answered = after.requests().values().stream().mapToLong(Long::longValue).sum()
            - before.requests().values().stream().mapToLong(Long::longValue).sum();
        long timed = after.latency().stream().mapToLong(Long::longValue).sum()
            - before.latency().stream().mapToLong(Long::longValue).sum();
        assertThat(timed).as("every answered request is timed once").isEqualTo(answered);
        assertThat(after.journalRecords()).isGreaterThan(before.journalRecords());
    }

    private static long delta(NodeStats before, NodeStats after, Opcode op) {
        return after.requests().getOrDefault(op, 0L) - before.requests().getOrDefault(op, 0L);
    }

    @Test
    void endSession_theClientsNextCallFailsClearly_itsChannelsAreGone_aLaterCallLogsInAgain() throws Exception {
        CageChannel a = alice.open("s", "a.txt", OpenMode.EXCLUSIVE, true);
        alice.write(a, 0, new byte[] {1, 2, 3});
        long id = of(admin.admin("s").sessions(), "alice").id();

        admin.admin("s").endSession(id, "maintenance");

        assertThat(admin.admin("s").sessions()).extracting(SessionInfo::id).doesNotContain(id);
        assertThatThrownBy(() -> alice.stat("s", "a.txt")).isInstanceOf(SessionEndedException.class)
            .hasMessageContaining("ended by admin 'admin': maintenance");
        assertThatThrownBy(() -> alice.read(a, 0, 3)).isInstanceOf(ChannelClosedException.class)
            .hasMessageContaining("ended by admin");
        // The exclusive open was released with the session: another user may open the file now.
        bob.close(bob.open("s", "a.txt", OpenMode.EXCLUSIVE));
        assertThat(alice.stat("s", "a.txt").size()).isEqualTo(3); // logged in again, as a new session
        assertThat(of(admin.admin("s").sessions(), "alice").id()).isNotEqualTo(id);
    }

    @Test
    void endSession_refusedForNonAdmins_unknownIds_andTheCallersOwnSession() throws Exception {
        bob.list("s", "");
        long bobId = of(admin.admin("s").sessions(), "bob").id();
        long adminId = of(admin.admin("s").sessions(), "admin").id();

        assertThatThrownBy(() -> alice.admin("s").endSession(bobId, "")).isInstanceOf(AuthenticationException.class)
            .extracting(e -> ((AuthenticationException) e).status()).isEqualTo(Status.ACCESS_DENIED);
        assertThatThrownBy(() -> admin.admin("s").endSession(999_999, "")).isInstanceOf(CageFileNotFoundException.class)
            .hasMessageContaining("no live session 999999");
        assertThatThrownBy(() -> admin.admin("s").endSession(adminId, "")).isInstanceOf(InvalidArgumentException.class);
        assertThat(admin.admin("s").sessions()).extracting(SessionInfo::id).contains(bobId, adminId);
        bob.list("s", ""); // bob's session goes on
    }

    @Test
    void sessions_afterAChannelIsClosed_noLongerListsIt() throws Exception {
        CageChannel a = alice.open("s", "a.txt", OpenMode.EXCLUSIVE, true);
        alice.open("s", "b.txt", OpenMode.SHARED_WRITE, true);
        alice.close(a);

        SessionInfo al = of(admin.admin("s").sessions(), "alice");

        assertThat(al.openChannels()).isEqualTo(1);
        assertThat(al.channels()).extracting(ChannelInfo::path).containsExactly("b.txt");
    }

    @Test
    void sessions_afterAClientCloses_noLongerListsItsSession() throws Exception {
        bob.list("s", "");
        bob.close();
        bob = null;

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> admin.admin("s").sessions().stream().noneMatch(s -> s.user().equals("bob")));
    }

    @Test
    void sessionsAndNode_userWithoutTheAdminRole_isDenied() throws Exception {
        CageNodeAdmin asAlice = alice.admin("s");
        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call
            : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(asAlice::sessions, asAlice::node)) {
            assertThatThrownBy(call).isInstanceOfSatisfying(AuthenticationException.class,
                    e -> assertThat(e.status()).isEqualTo(Status.ACCESS_DENIED))
                .hasMessageContaining("user 'alice'").hasMessageContaining("admin role");
        }
    }

    @Test
    void node_reportsItsSettingsWhatIsOpenAndItsUptime() throws Exception {
        alice.open("s", "f", OpenMode.SHARED_READ, true);
        bob.open("s", "f", OpenMode.SHARED_READ);
        clock.advance(Duration.ofMinutes(5));

        NodeInfo info = admin.admin("s").node();

        assertThat(info.port()).isEqualTo(node.port());
        assertThat(info.dataPorts()).containsExactlyElementsOf(
            java.util.Arrays.stream(node.node().dataPorts()).boxed().toList());
        assertThat(info.root()).isEqualTo(node.root().toAbsolutePath().toString());
        assertThat(info.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(info.protocolVersion()).isEqualTo(dev.cage.protocol.Protocol.VERSION);
        assertThat(info.version()).isNotBlank();
        assertThat(info.tls()).isFalse();
        assertThat(info.journal()).isTrue();
        assertThat(info.journalDialect()).isEqualTo("h2");
        assertThat(info.uptime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(info.started()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
        assertThat(info.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(info.sessions()).isEqualTo(3);
        assertThat(info.openFiles()).isEqualTo(1);
        assertThat(info.openChannels()).isEqualTo(2);
    }

    @Test
    void node_withoutAJournal_saysSo() throws Exception {
        try (TestNode bare = TestNode.start(tmp.resolve("bare"), b -> b.journal(null));
             Cage c = bare.client("s")) {
            NodeInfo info = c.admin("s").node();
            assertThat(info.journal()).isFalse();
            assertThat(info.journalDialect()).isEmpty();
        }
    }

    @Test
    void node_afterKnownReadsAndWrites_countersMoveByExactlyThoseAmounts() throws Exception {
        CageNodeAdmin nodeAdmin = admin.admin("s");
        NodeInfo before = nodeAdmin.node();

        CageChannel ch = alice.open("s", "counted", OpenMode.EXCLUSIVE, true);   // 1 request
        for (int i = 0; i < 3; i++) {
            alice.write(ch, i * 1000L, new byte[1000]);                           // 3 writes, 3000 bytes
        }
        assertThat(alice.read(ch, 0, 500)).hasSize(500);                          // 3 reads ...
        assertThat(alice.read(ch, 1000, 500)).hasSize(500);
        assertThat(alice.read(ch, 2900, 500)).hasSize(100);                       // ... 1100 bytes: the last ends at EOF
        alice.close(ch);                                                          // 1 request
        NodeInfo after = nodeAdmin.node();                                        // 1 request: counted as it runs

        assertThat(after.writesServed() - before.writesServed()).isEqualTo(3);
        assertThat(after.bytesWritten() - before.bytesWritten()).isEqualTo(3000);
        assertThat(after.readsServed() - before.readsServed()).isEqualTo(3);
        assertThat(after.bytesRead() - before.bytesRead()).isEqualTo(1100);
        assertThat(after.requestsServed() - before.requestsServed()).isEqualTo(1 + 3 + 3 + 1 + 1);
    }

    @Test
    void node_committedTransaction_countsItsWritesAsWrites() throws Exception {
        CageNodeAdmin nodeAdmin = admin.admin("s");
        CageChannel ch = alice.open("s", "tx-counted", OpenMode.SHARED_WRITE, true);
        NodeInfo before = nodeAdmin.node();
        CageTransaction tx = alice.beginTransaction();
        tx.write(ch, 0, new byte[700]);
        tx.write(ch, 5000, new byte[300]);
        tx.commit();
        NodeInfo after = nodeAdmin.node();
        alice.close(ch);

        assertThat(after.writesServed() - before.writesServed()).isEqualTo(2);
        assertThat(after.bytesWritten() - before.bytesWritten()).isEqualTo(1000);
    }

    @Test
    void sessions_moreThanOneFrameHolds_comeInPagesAndAHugeListIsCut() throws Exception {
        try (TestNode small = TestNode.start(tmp.resolve("small"), b -> b.maxFrameSize(4096));
             Cage a = small.client("s"); Cage b = small.client("s"); Cage c = small.client("s")) {
            // Each channel takes about 50 bytes of a 4 KiB reply: 40 per session fill half of one, 200 overflow it.
            for (int i = 0; i < 40; i++) {
                a.open("s", "a" + i, OpenMode.SHARED_READ, true);
                b.open("s", "b" + i, OpenMode.SHARED_READ, true);
            }
            for (int i = 0; i < 200; i++) {
                c.open("s", "c" + i, OpenMode.SHARED_READ, true);
            }

            List<SessionInfo> sessions = a.admin("s").sessions();

            assertThat(sessions).extracting(SessionInfo::openChannels).containsExactly(40, 40, 200);
            assertThat(sessions.get(0).channels()).hasSize(40);
            assertThat(sessions.get(1).channels()).hasSize(40);
            assertThat(sessions.get(2).channels()).hasSizeBetween(50, 199);
            assertThat(sessions).extracting(SessionInfo::id).isSorted().doesNotHaveDuplicates();
        }
    }
}
