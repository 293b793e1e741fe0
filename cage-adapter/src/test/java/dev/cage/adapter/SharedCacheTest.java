package dev.cage.adapter;

import static dev.cage.adapter.AdapterFixture.factory;
import static dev.cage.adapter.AdapterFixture.handle;
import static dev.cage.adapter.AdapterFixture.managed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.cage.api.CageConnection;
import dev.cage.api.CageFile;
import dev.cage.api.OpenMode;
import dev.cage.client.SharedPageCache;
import dev.cage.server.TestNode;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sharedCache=true outside a container: a test JNDI context binds an embedded member at payara/Hazelcast, as Payara
 * does; two factories that differ in pageCount are two clients with their own local caches sharing pages.
 */
class SharedCacheTest {
    static HazelcastInstance member;

    @TempDir
    Path dir;

    /** An initial context that knows one name, payara/Hazelcast. */
    public static final class Factory implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("lookup") && args != null && "payara/Hazelcast".equals(String.valueOf(args[0]))) {
                        return member;
                    }
                    if (method.getName().equals("lookup")) {
                        throw new NameNotFoundException(String.valueOf(args[0]));
                    }
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        }
    }

    @BeforeAll
    static void startMember() {
        member = Hazelcast.newHazelcastInstance(
            SharedPageCache.Member.loopback("cage-adapter-test-" + ProcessHandle.current().pid(), 5901).hazelcastConfig());
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, Factory.class.getName());
    }

    @AfterAll
    static void stopMember() {
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        member.shutdown();
    }

    @Test
    void secondClientReadsFromTheGrid_andAnAcknowledgedWriteIsNeverReadStale() throws Exception {
        try (TestNode node = TestNode.start(dir)) {
            CageManagedConnectionFactory one = factory(node);
            one.setSharedCache(true);
            CageManagedConnectionFactory two = factory(node);
            two.setSharedCache(true);
            two.setPageCount(32);
            try {
                int pages = 5;
                byte[] data = new byte[pages * 4096 - 10];
                Arrays.fill(data, (byte) 7);
                CageConnection a = handle(managed(one));
                CageFile f = a.open("main", "grid.bin", OpenMode.SHARED_WRITE, true);
                a.write(f, 0, data);
                a.putPages(f);
                a.close(f);
                CageFile g = a.open("main", "grid.bin", OpenMode.SHARED_WRITE);
                assertThat(a.read(g, 0, data.length)).isEqualTo(data); // local after the write: nothing published
                a.close(g);

                CageConnection b = handle(managed(two));
                CageFile h = b.open("main", "grid.bin", OpenMode.SHARED_WRITE);
                assertThat(b.read(h, 0, data.length)).isEqualTo(data);
                assertThat(b.tierStats().serverReads()).isEqualTo(pages);
                b.close(h);
                await().atMost(Duration.ofSeconds(10)).until(() -> b.tierStats().published() >= pages); // published asynchronously
                assertThat(b.tierStats().published()).isEqualTo(pages);

                CageManagedConnectionFactory three = factory(node);
                three.setSharedCache(true);
                three.setPageCount(16);
                CageConnection c = handle(managed(three));
                CageFile k = c.open("main", "grid.bin", OpenMode.SHARED_WRITE);
                assertThat(c.read(k, 0, data.length)).isEqualTo(data);
                assertThat(c.tierStats().clusterHits()).isEqualTo(pages);
                assertThat(c.tierStats().serverReads()).isZero();

                byte[] fresh = new byte[4096];
                Arrays.fill(fresh, (byte) 9);
                CageFile w = b.open("main", "grid.bin", OpenMode.SHARED_WRITE);
                b.write(w, 100, fresh);
                b.putPages(w); // acknowledged
                b.close(w);
                byte[] expected = data.clone();
                System.arraycopy(fresh, 0, expected, 100, fresh.length);
                assertThat(c.read(k, 0, data.length)).isEqualTo(expected);
                c.close(k);
                three.closeOwnClients();
            } finally {
                one.closeOwnClients();
                two.closeOwnClients();
            }
        }
    }
}
