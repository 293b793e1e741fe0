package dev.cage.adapter;

import static dev.cage.adapter.AdapterFixture.factory;
import static dev.cage.adapter.AdapterFixture.handle;
import static dev.cage.adapter.AdapterFixture.managed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.api.CageFile;
import dev.cage.api.OpenMode;
import dev.cage.api.TransactionConflictException;
import dev.cage.api.TransactionTooLargeException;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.TxId;
import dev.cage.server.TestNode;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A branch inside a JTA transaction, driven as Payara drives it: the adapter's synchronization runs before
 * completion (here called by the test, as the manager calls it), then the XA or local calls. A commit that would
 * conflict fails there, with the Cage exception as the cause of what the manager hands the application.
 */
class EarlyPrepareTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int STAGING_LIMIT = 1024;
    @TempDir
    Path dir;
    TestNode node;
    CageManagedConnectionFactory mcf;
    Cage observer;
    Registry registry;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(dir, b -> b.txStagingLimit(STAGING_LIMIT));
        registry = new Registry();
        CageResourceAdapter adapter = new CageResourceAdapter();
        adapter.start(bootstrapContext(registry));
        mcf = factory(node);
        mcf.setResourceAdapter(adapter);
        observer = node.client("main");
        Files.write(node.root().resolve("doc.bin"), new byte[8]);
    }

    @AfterEach
    void stop() {
        observer.close();
        ((CageResourceAdapter) mcf.getResourceAdapter()).stop();
        node.close();
    }

    @Test
    void conflictHeardOf_failsBeforeCompletion_withTheConflictAsCause_andTheRollbackFindsNothingLeft() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        long mark = TransactionCallLog.mark();
        Xid xid = xid();
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        h.write(f, 2, new byte[] {5, 5});
        anotherClientWrites(3, (byte) 9); // commits first
        xa.end(xid, XAResource.TMSUCCESS);

        assertThatThrownBy(registry::beforeCompletion).isInstanceOf(UncheckedIOException.class)
            .hasMessageContaining("TransactionConflictException").hasMessageContaining("'doc.bin'")
            .cause().isInstanceOf(TransactionConflictException.class).hasMessageContaining("first committer wins");
        xa.rollback(xid); // what the manager does next
        assertThat(calls(mark)).containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)", "prepare(beforeCompletion)",
            "prepare(beforeCompletion) failed: TransactionConflictException", "rollback");
        assertThat(observed()).containsExactly(0, 0, 0, 9, 0, 0, 0, 0);
        assertThat(observer.recover("main")).isEmpty();
    }

    @Test
    void noChangeHeardOf_beforeCompletionSendsNothing_andTheCommitStaysOnePhase() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        long mark = TransactionCallLog.mark();
        Xid xid = xid();
        mc.getXAResource().start(xid, XAResource.TMNOFLAGS);
        h.write(f, 0, new byte[] {1});
        mc.getXAResource().end(xid, XAResource.TMSUCCESS);
        registry.beforeCompletion();
        mc.getXAResource().commit(xid, true);
        assertThat(calls(mark)).containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)", "commit(1pc)");
        assertThat(observed()[0]).isEqualTo((byte) 1);
    }

    @Test
    void changeToOtherBytes_isPreparedEarly_andTheManagersCallsFinishIt() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        for (boolean onePhase : new boolean[] {true, false}) {
            long mark = TransactionCallLog.mark();
            Xid xid = xid();
            XAResource xa = mc.getXAResource();
            xa.start(xid, XAResource.TMNOFLAGS);
            h.write(f, 0, new byte[] {(byte) (onePhase ? 1 : 2)});
            anotherClientWrites(7, (byte) (onePhase ? 3 : 4)); // a change, but not to this transaction's byte
            xa.end(xid, XAResource.TMSUCCESS);
            registry.beforeCompletion();
            if (onePhase) {
                xa.commit(xid, true);
                assertThat(calls(mark)).containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)",
                    "prepare(beforeCompletion)", "commit(1pc)");
            } else {
                assertThat(xa.prepare(xid)).isEqualTo(XAResource.XA_OK); // prepared already: nothing to send
                xa.commit(xid, false);
                assertThat(calls(mark)).containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)",
                    "prepare(beforeCompletion)", "prepare", "commit(2pc)");
            }
            assertThat(observed()).containsExactly(onePhase ? 1 : 2, 0, 0, 0, 0, 0, 0, onePhase ? 3 : 4);
            registry.completed();
        }
        assertThat(observer.recover("main")).isEmpty();
    }

    @Test
    void localTransaction_conflictHeardOf_failsBeforeCompletion_withTheConflictAsCause() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        LocalTransaction local = mc.getLocalTransaction();
        local.begin();
        h.write(f, 0, new byte[] {4});
        anotherClientWrites(0, (byte) 8);
        assertThatThrownBy(registry::beforeCompletion).isInstanceOf(UncheckedIOException.class)
            .hasMessageContaining("TransactionConflictException")
            .cause().isInstanceOf(TransactionConflictException.class).hasMessageContaining("'doc.bin'");
        local.rollback();
        assertThat(observed()[0]).isEqualTo((byte) 8);
        assertThat(observer.recover("main")).isEmpty();
    }

    @Test
    void localBranchPreparedEarly_isRolledBackWhenTheConnectionIsDestroyed() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        mc.getLocalTransaction().begin();
        h.write(f, 0, new byte[] {4});
        anotherClientWrites(7, (byte) 8);
        registry.beforeCompletion();
        assertThat(observer.recover("main")).hasSize(1); // prepared, under an id no transaction manager knows
        mc.destroy();
        assertThat(observer.recover("main")).isEmpty();
        assertThat(observed()).containsExactly(0, 0, 0, 0, 0, 0, 0, 8);
    }

    @Test
    void failedCommitWithoutEarlyPrepare_namesTheCageExceptionInTheMessage_andHasItAsCause() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        Xid xid = xid();
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        h.write(f, 0, new byte[STAGING_LIMIT + 1]); // more than the node stages for a session
        xa.end(xid, XAResource.TMSUCCESS);
        registry.beforeCompletion(); // nothing heard: one phase, as before
        assertThatThrownBy(() -> xa.commit(xid, true))
            .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XA_RBROLLBACK))
            .hasMessageContaining("did not commit: TransactionTooLargeException: ")
            .cause().isInstanceOf(TransactionTooLargeException.class).hasMessageContaining("limit of " + STAGING_LIMIT);

        LocalTransaction local = mc.getLocalTransaction();
        local.begin();
        h.write(f, 0, new byte[STAGING_LIMIT + 1]);
        assertThatThrownBy(local::commit).isInstanceOf(LocalTransactionException.class) // Payara keeps its text only
            .hasMessageContaining("did not commit: TransactionTooLargeException: ")
            .cause().isInstanceOf(TransactionTooLargeException.class);
        assertThat(observed()).containsOnly(0);
    }

    private static List<String> calls(long mark) {
        return TransactionCallLog.since(mark).stream().map(TransactionCallLog.Entry::call).toList();
    }

    private void anotherClientWrites(long offset, byte value) throws Exception {
        AdapterFixture.anotherClientWrites(observer, offset, value);
    }

    private byte[] observed() throws Exception {
        return AdapterFixture.observed(observer);
    }

    private static Xid xid() {
        int n = IDS.incrementAndGet();
        return XidKey.of(new TxId(4712, ("early-" + n).getBytes(), new byte[] {(byte) n}));
    }

    private static BootstrapContext bootstrapContext(TransactionSynchronizationRegistry registry) {
        return (BootstrapContext) Proxy.newProxyInstance(BootstrapContext.class.getClassLoader(),
            new Class<?>[] {BootstrapContext.class},
            (proxy, method, args) -> method.getName().equals("getTransactionSynchronizationRegistry") ? registry : null);
    }

    /** One JTA transaction at a time on the test's thread: holds the synchronizations registered during it. */
    static final class Registry implements TransactionSynchronizationRegistry {
        private final List<Synchronization> synchronizations = new ArrayList<>();
        private Object key = new Object();

        /** What a transaction manager does first when the transaction ends. */
        void beforeCompletion() {
            for (Synchronization s : synchronizations) {
                s.beforeCompletion();
            }
        }

        /** The transaction is over; the next one begins. */
        void completed() {
            synchronizations.clear();
            key = new Object();
        }

        @Override
        public Object getTransactionKey() {
            return key;
        }

        @Override
        public void putResource(Object k, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object getResource(Object k) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            synchronizations.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return Status.STATUS_ACTIVE;
        }

        @Override
        public void setRollbackOnly() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }
}
