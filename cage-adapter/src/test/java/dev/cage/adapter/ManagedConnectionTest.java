package dev.cage.adapter;

import static dev.cage.adapter.AdapterFixture.factory;
import static dev.cage.adapter.AdapterFixture.handle;
import static dev.cage.adapter.AdapterFixture.managed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.api.CageConnection;
import dev.cage.api.CageConnectionFactory;
import dev.cage.api.CageFile;
import dev.cage.api.CageFileNotFoundException;
import dev.cage.api.CageJournal;
import dev.cage.api.CageNodeAdmin;
import dev.cage.api.ChannelClosedException;
import dev.cage.api.FileType;
import dev.cage.api.JournalEntryInfo;
import dev.cage.api.OpenMode;
import dev.cage.api.ServerUnavailableException;
import dev.cage.api.SharingConflictException;
import dev.cage.client.Cage;
import dev.cage.server.TestGroup;
import dev.cage.server.TestNode;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter outside a container, against a real node: handles, cleanup, matching, events. */
class ManagedConnectionTest {
    @TempDir
    Path dir;
    TestNode node;
    CageManagedConnectionFactory mcf;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.startOnFixedPorts(dir, b -> b);
        mcf = factory(node);
    }

    @AfterEach
    void stop() {
        mcf.closeOwnClients();
        node.close();
    }

    @Test
    void nonManagedFactory_writeThenRead_bytesRoundTrip() throws Exception {
        CageConnectionFactory cf = (CageConnectionFactory) mcf.createConnectionFactory();
        byte[] data = "hello from the adapter".getBytes(StandardCharsets.UTF_8);
        try (CageConnection c = cf.getConnection()) {
            CageFile f = c.open("main", "a.txt", OpenMode.EXCLUSIVE, true);
            c.write(f, 0, data);
            assertThat(c.read(f, 0, 100)).isEqualTo(data);
            c.close(f);
        }
        try (CageConnection c = cf.getConnection()) {
            c.pushAll();
        }
        assertThat(Files.readAllBytes(node.root().resolve("a.txt"))).isEqualTo(data);
    }

    @Test
    void handle_usedAfterClose_failsFast() throws Exception {
        CageManagedConnection mc = managed(mcf);
        AdapterFixture.Events events = new AdapterFixture.Events();
        mc.addConnectionEventListener(events);
        CageConnectionImpl h = handle(mc);
        h.close();
        assertThatThrownBy(() -> h.stat("main", ""))
            .isInstanceOf(ChannelClosedException.class).hasMessageContaining("CageConnection is closed");
        assertThat(events.ids()).containsExactly(ConnectionEvent.CONNECTION_CLOSED);
        assertThat(events.seen.get(0).getConnectionHandle()).isSameAs(h);
    }

    /** What the client throws reaches the application as the API's exception of the same kind. */
    @Test
    void failures_reachTheApplicationAsApiExceptions_withStatusCodeAndClientCause() throws Exception {
        CageConnectionImpl h = handle(managed(mcf));
        assertThatThrownBy(() -> h.open("main", "missing.bin", OpenMode.SHARED_READ))
            .isInstanceOfSatisfying(CageFileNotFoundException.class, e -> {
                assertThat(e.code()).isEqualTo(300);
                assertThat(e.status()).isEqualTo("NOT_FOUND");
                assertThat(e.getCause()).isInstanceOf(dev.cage.protocol.CageFileNotFoundException.class)
                    .hasMessage(e.getMessage());
            });
        CageFile f = h.open("main", "held.bin", OpenMode.EXCLUSIVE, true);
        assertThat(f.mode()).isEqualTo(OpenMode.EXCLUSIVE);
        CageConnectionImpl other = handle(managed(mcf));
        assertThatThrownBy(() -> other.open("main", "held.bin", OpenMode.SHARED_READ))
            .isInstanceOf(SharingConflictException.class).hasMessageContaining("EXCLUSIVE");
        h.close(f);
        assertThat(h.stat("main", "held.bin").type()).isEqualTo(FileType.FILE);
    }

    /** The journal and admin views answer in API records and go through the handle, so they end with it. */
    @Test
    void journalAndAdmin_answerInApiRecords_andFailOnceTheHandleIsClosed() throws Exception {
        CageConnectionImpl h = handle(managed(mcf));
        CageFile f = h.open("main", "j.bin", OpenMode.EXCLUSIVE, true);
        h.write(f, 0, new byte[] {1, 2, 3});
        h.putPages(f);

        CageNodeAdmin admin = h.admin("main");
        assertThat(admin.node().journal()).isTrue();
        assertThat(admin.sessions()).flatExtracting(s -> s.channels())
            .anySatisfy(c -> {
                assertThat(c.path()).isEqualTo("j.bin");
                assertThat(c.mode()).isEqualTo(OpenMode.EXCLUSIVE);
            });
        h.close(f);

        CageJournal journal = h.journal("main");
        List<JournalEntryInfo> history = journal.list("j.bin", null, null);
        assertThat(history).anySatisfy(e -> assertThat(e.isFileChange()).isTrue());
        List<JournalEntryInfo> streamed = new ArrayList<>();
        journal.forEach("j.bin", null, null, true, streamed::add);
        assertThat(streamed).extracting(JournalEntryInfo::seq).isEqualTo(history.stream().map(JournalEntryInfo::seq).toList());
        assertThat(journal.stats().fileEntries()).isPositive();

        h.close();
        assertThatThrownBy(() -> journal.stats()).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> admin.node()).isInstanceOf(ChannelClosedException.class);
    }

    /** The group view a console shows: every member's role, commit index and lag; a standalone node has none. */
    @Test
    void adminGroup_ofAMember_showsEveryMembersRoleAndLag_andAStandaloneNodeNoGroup() throws Exception {
        assertThat(handle(managed(mcf)).admin("main").group().replicated()).isFalse();

        try (TestGroup g = TestGroup.start(dir.resolve("group"), 3)) {
            int leader = g.awaitLeader();
            CageManagedConnectionFactory toGroup = factory(node);
            toGroup.setServers("main=" + g.member(leader).clientAddress());
            toGroup.setSecret(TestGroup.SECRET);
            try {
                CageConnectionImpl h = handle(managed(toGroup));
                CageFile f = h.open("main", "g.bin", OpenMode.EXCLUSIVE, true);
                h.write(f, 0, new byte[] {1, 2, 3});
                h.close(f);
                g.awaitApplied();

                dev.cage.api.GroupInfo group = h.admin("main").group();
                assertThat(group.replicated()).isTrue();
                assertThat(group.name()).isEqualTo("test");
                assertThat(group.leader()).isEqualTo("m" + leader);
                assertThat(group.commitIndex()).isPositive();
                assertThat(group.members()).extracting(dev.cage.api.GroupMemberInfo::id).containsExactly("m0", "m1", "m2");
                assertThat(group.members()).allSatisfy(m -> {
                    assertThat(m.role()).isEqualTo(m.id().equals("m" + leader) ? "LEADER" : "FOLLOWER");
                    assertThat(m.lag()).isEqualTo(group.commitIndex() - m.commitIndex()).isNotNegative();
                });
                h.close();
            } finally {
                toGroup.closeOwnClients();
            }
        }
    }

    /** The servers come in the order the configuration names them, so "the first server" is the one named first. */
    @Test
    void servers_listInConfigurationOrder() throws Exception {
        mcf.setServers("main=127.0.0.1:" + node.port() + ",b=127.0.0.1:1,a=127.0.0.1:2,zz=127.0.0.1:3,grp=127.0.0.1:4");
        assertThat(handle(managed(mcf)).servers()).containsExactly("main", "b", "a", "zz", "grp");
    }

    @Test
    void getConnection_alwaysNewHandle_andCleanupDetachesThemAll() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl a = handle(mc);
        CageConnectionImpl b = handle(mc);
        assertThat(a).isNotSameAs(b);
        mc.cleanup();
        assertThatThrownBy(() -> a.list("main", "")).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> b.list("main", "")).isInstanceOf(ChannelClosedException.class);
        assertThat(handle(mc).list("main", "")).isEmpty(); // the physical session lives on
    }

    @Test
    void cleanup_closesFilesTheApplicationLeftOpen() throws Exception {
        CageManagedConnection mc = managed(mcf);
        handle(mc).open("main", "held.bin", OpenMode.EXCLUSIVE, true);
        try (Cage other = node.client("main")) {
            assertThatThrownBy(() -> other.open("main", "held.bin", dev.cage.protocol.OpenMode.SHARED_READ))
                .isInstanceOf(dev.cage.protocol.SharingConflictException.class);
            mc.cleanup();
            other.close(other.open("main", "held.bin", dev.cage.protocol.OpenMode.EXCLUSIVE));
        }
    }

    @Test
    void associateConnection_repointsTheHandle() throws Exception {
        CageManagedConnection first = managed(mcf);
        CageManagedConnection second = managed(mcf);
        CageConnectionImpl h = handle(first);
        second.associateConnection(h);
        CageFile f = h.open("main", "moved.bin", OpenMode.EXCLUSIVE, true);
        first.cleanup(); // the old connection no longer owns the handle or its file
        h.write(f, 0, new byte[] {1, 2, 3});
        assertThat(h.read(f, 0, 3)).containsExactly(1, 2, 3);
    }

    @Test
    void matchManagedConnections_comparesTheRequestInfo() throws Exception {
        CageManagedConnection plain = managed(mcf);
        CageManagedConnection asAdmin = (CageManagedConnection) mcf.createManagedConnection(null,
            new CageConnectionRequestInfo("admin", node.secret()));
        assertThat(mcf.matchManagedConnections(Set.of(plain, asAdmin), null, null)).isSameAs(plain);
        assertThat(mcf.matchManagedConnections(Set.of(plain, asAdmin), null,
            new CageConnectionRequestInfo("admin", node.secret()))).isSameAs(asAdmin);
        assertThat(mcf.matchManagedConnections(Set.of(plain, asAdmin), null,
            new CageConnectionRequestInfo("someone", "else"))).isNull();
    }

    @Test
    void vanishedServer_failsTheCallAndTellsThePoolToDropTheConnection() throws Exception {
        CageManagedConnection mc = managed(mcf);
        AdapterFixture.Events events = new AdapterFixture.Events();
        mc.addConnectionEventListener(events);
        CageConnectionImpl h = handle(mc);
        h.list("main", "");
        node.stop();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> h.list("main", ""));
        assertThat(thrown).isInstanceOf(ServerUnavailableException.class)
            .hasCauseInstanceOf(dev.cage.protocol.ServerUnavailableException.class);
        assertThat(events.ids()).containsExactly(ConnectionEvent.CONNECTION_ERROR_OCCURRED);
        assertThat(events.seen.get(0).getException()).isSameAs(thrown);

        node.restart(); // the pool would now make a new connection, over the same client, which logs in again
        CageConnectionImpl fresh = handle(managed(mcf));
        fresh.create("main", "after.txt");
        assertThat(fresh.list("main", "")).extracting(i -> i.name()).contains("after.txt");
    }

    @Test
    void badConfiguration_isRefusedWithTheReason() {
        mcf.setServers("main=127.0.0.1");
        assertThatThrownBy(() -> mcf.createManagedConnection(null, null))
            .isInstanceOf(InvalidPropertyException.class).hasMessageContaining("'main=127.0.0.1' is not name=host:port");
        mcf.setServers("main=127.0.0.1:99999");
        assertThatThrownBy(() -> mcf.createManagedConnection(null, null))
            .isInstanceOf(InvalidPropertyException.class).hasMessageContaining("no valid port");
        mcf.setServers("main=127.0.0.1:" + node.port());
        mcf.setSecret(null);
        assertThatThrownBy(() -> mcf.createManagedConnection(null, null))
            .isInstanceOf(InvalidPropertyException.class).hasMessageContaining("user and secret");
    }

    @Test
    void equalConfigurations_areEqualFactories_andShareOneClient() throws Exception {
        CageManagedConnectionFactory twin = factory(node);
        assertThat(twin).isEqualTo(mcf).hasSameHashCodeAs(mcf);
        CageResourceAdapter ra = new CageResourceAdapter();
        ra.start(null);
        mcf.setResourceAdapter(ra);
        twin.setResourceAdapter(ra);
        assertThat(managed(mcf).cage()).isSameAs(managed(twin).cage());
        ra.stop();
    }

    @Test
    void sharedCache_withoutPayarasGrid_isRefusedAtConnectionCreation_namingTheJndiName() {
        mcf.setSharedCache(true);
        assertThatThrownBy(() -> mcf.createManagedConnection(null, null))
            .isInstanceOf(ResourceException.class).hasMessageContaining("payara/Hazelcast");
        mcf.setPageCount(0);
        assertThatThrownBy(() -> mcf.createManagedConnection(null, null))
            .isInstanceOf(InvalidPropertyException.class).hasMessageContaining("pageCount > 0");
    }

    @Test
    void sharedCache_isPartOfTheClientConfiguration() throws Exception {
        CageManagedConnectionFactory shared = factory(node);
        shared.setSharedCache(true);
        assertThat(shared).isNotEqualTo(mcf);
        assertThat(shared.config()).isNotEqualTo(mcf.config());
        assertThat(shared.config().sharedCache()).isTrue();
        assertThat(mcf.config().sharedCache()).isFalse();
    }

    @Test
    void tierStats_countServerReadsAndLocalHits() throws Exception {
        CageConnection c = handle(managed(mcf));
        CageFile f = c.open("main", "tiers.bin", OpenMode.EXCLUSIVE, true);
        c.write(f, 0, new byte[4 * 4096]);
        c.putPages(f);
        c.close(f);
        CageConnection fresh = handle(managed(mcf));
        CageFile g = fresh.open("main", "tiers.bin", OpenMode.SHARED_READ);
        fresh.read(g, 0, 4 * 4096);
        fresh.read(g, 0, 4 * 4096);
        assertThat(fresh.tierStats().localHits()).isPositive();
        assertThat(fresh.tierStats().clusterHits()).isZero();
        fresh.close(g);
    }

    /** The adapter, loaded where no Hazelcast class exists, still makes connections while sharedCache is false. */
    @Test
    void withoutHazelcastOnTheClassPath_theAdapterWorks_andSharedCacheFailsClearly() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("hazelcast")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("com.hazelcast.core.HazelcastInstance"))
                .isInstanceOf(ClassNotFoundException.class);
            Class<?> type = loader.loadClass(CageManagedConnectionFactory.class.getName());
            Object f = type.getConstructor().newInstance();
            type.getMethod("setServers", String.class).invoke(f, mcf.getServers());
            type.getMethod("setUser", String.class).invoke(f, mcf.getUser());
            type.getMethod("setSecret", String.class).invoke(f, mcf.getSecret());
            Method create = type.getMethod("createManagedConnection", javax.security.auth.Subject.class,
                loader.loadClass(jakarta.resource.spi.ConnectionRequestInfo.class.getName()));
            Object mc = create.invoke(f, null, null);
            loader.loadClass(jakarta.resource.spi.ManagedConnection.class.getName()).getMethod("destroy").invoke(mc);
            type.getMethod("setSharedCache", Boolean.class).invoke(f, true);
            assertThatThrownBy(() -> create.invoke(f, null, null)).isInstanceOf(InvocationTargetException.class)
                .cause().hasMessageContaining("payara/Hazelcast") // a ResourceException of the other loader
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(ResourceException.class.getName()));
            Method close = type.getDeclaredMethod("closeOwnClients");
            close.setAccessible(true);
            close.invoke(f);
        }
    }
}
