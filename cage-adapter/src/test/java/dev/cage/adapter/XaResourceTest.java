package dev.cage.adapter;

import static dev.cage.adapter.AdapterFixture.factory;
import static dev.cage.adapter.AdapterFixture.handle;
import static dev.cage.adapter.AdapterFixture.managed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.api.CageFile;
import dev.cage.api.OpenMode;
import dev.cage.api.TransactionConflictException;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XA resource and local transaction, driven as a transaction manager would, against a real node. */
class XaResourceTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    @TempDir
    Path dir;
    TestNode node;
    CageManagedConnectionFactory mcf;
    Cage observer;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(dir);
        mcf = factory(node);
        observer = node.client("main");
        Files.write(node.root().resolve("doc.bin"), bytes(8, (byte) 0));
    }

    @AfterEach
    void stop() {
        observer.close();
        mcf.closeOwnClients();
        node.close();
    }

    @Test
    void twoPhaseCommit_makesStagedWritesVisibleOnlyAtCommit() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        Xid xid = xid();
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        h.write(f, 2, new byte[] {7, 7});
        assertThat(h.read(f, 0, 8)).containsExactly(0, 0, 7, 7, 0, 0, 0, 0); // reads its own writes
        assertThat(observed()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);     // nobody else sees them
        xa.end(xid, XAResource.TMSUCCESS);
        assertThat(xa.prepare(xid)).isEqualTo(XAResource.XA_OK);
        assertThat(observed()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
        xa.commit(xid, false);
        assertThat(observed()).containsExactly(0, 0, 7, 7, 0, 0, 0, 0);
        assertThat(h.read(f, 0, 8)).containsExactly(0, 0, 7, 7, 0, 0, 0, 0);
    }

    @Test
    void rollback_leavesNoTrace() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        for (boolean prepareFirst : new boolean[] {false, true}) {
            Xid xid = xid();
            XAResource xa = mc.getXAResource();
            xa.start(xid, XAResource.TMNOFLAGS);
            h.write(f, 0, new byte[] {9, 9, 9});
            h.truncate(f, 3);
            xa.end(xid, XAResource.TMSUCCESS);
            if (prepareFirst) {
                assertThat(xa.prepare(xid)).isEqualTo(XAResource.XA_OK);
            }
            xa.rollback(xid);
            assertThat(observed()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
            assertThat(h.read(f, 0, 8)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
            assertThat(observer.recover("main")).isEmpty();
        }
    }

    @Test
    void readOnlyWork_votesReadOnly() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_READ);
        Xid xid = xid();
        mc.getXAResource().start(xid, XAResource.TMNOFLAGS);
        h.read(f, 0, 8);
        mc.getXAResource().end(xid, XAResource.TMSUCCESS);
        assertThat(mc.getXAResource().prepare(xid)).isEqualTo(XAResource.XA_RDONLY);
        assertThatThrownBy(() -> mc.getXAResource().commit(xid, false)) // a read-only branch is over after prepare
            .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
    }

    @Test
    void inDoubtBranch_isRecoveredAndCommittedThroughAnotherConnection() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        Xid xid = xid();
        mc.getXAResource().start(xid, XAResource.TMNOFLAGS);
        h.write(f, 0, new byte[] {5});
        mc.getXAResource().end(xid, XAResource.TMSUCCESS);
        mc.getXAResource().prepare(xid);
        mc.destroy(); // the application server dies: its memory of the branch is gone

        XAResource recovery = managed(mcf).getXAResource();
        Xid[] inDoubt = recovery.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertThat(inDoubt).extracting(XidKey::of).containsExactly(XidKey.of(xid));
        assertThat(recovery.recover(XAResource.TMENDRSCAN)).isEmpty();
        recovery.commit(inDoubt[0], false);
        assertThat(observed()[0]).isEqualTo((byte) 5);
        assertThatThrownBy(() -> recovery.commit(inDoubt[0], false))
            .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
    }

    @Test
    void failedBranch_rollsBackAtPrepare() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        Xid xid = xid();
        mc.getXAResource().start(xid, XAResource.TMNOFLAGS);
        h.write(f, 0, new byte[] {1});
        mc.getXAResource().end(xid, XAResource.TMFAIL);
        assertThatThrownBy(() -> mc.getXAResource().prepare(xid))
            .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XA_RBROLLBACK));
        assertThat(observed()[0]).isZero();
    }

    @Test
    void unknownBranch_isNota() {
        XAResource xa = managedQuietly().getXAResource();
        Xid stranger = xid();
        assertThatThrownBy(() -> xa.end(stranger, XAResource.TMSUCCESS))
            .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
        assertThatThrownBy(() -> xa.rollback(stranger))
            .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_NOTA));
    }

    @Test
    void localTransaction_commitsAndRollsBack() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        mc.getLocalTransaction().begin();
        h.write(f, 0, new byte[] {4});
        assertThat(observed()[0]).isZero();
        mc.getLocalTransaction().commit();
        assertThat(observed()[0]).isEqualTo((byte) 4);

        var local = mc.getLocalTransaction();
        local.begin();
        h.write(f, 0, new byte[] {6});
        local.rollback();
        assertThat(observed()[0]).isEqualTo((byte) 4);
        assertThat(h.read(f, 0, 1)).containsExactly(4);
    }

    @Test
    void conflictAtOnePhaseCommit_rollsBack_andTheApplicationFindsItBehindTheContainersException() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        Xid xid = xid();
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        h.write(f, 2, new byte[] {5, 5});
        anotherClientWrites(3, (byte) 9); // commits first
        xa.end(xid, XAResource.TMSUCCESS);
        assertThatThrownBy(() -> xa.commit(xid, true))
            .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XA_RBROLLBACK))
            .cause().isInstanceOf(TransactionConflictException.class).hasMessageContaining("doc.bin");
        assertThat(observed()).containsExactly(0, 0, 0, 9, 0, 0, 0, 0); // the first committer's byte, none of ours
        assertConflictFoundBehind(new IllegalStateException("RollbackException: null"));
    }

    @Test
    void conflictAtPrepare_votesRollback_andTheApplicationFindsIt() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        Xid xid = xid();
        XAResource xa = mc.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        h.truncate(f, 4);
        anotherClientWrites(6, (byte) 1); // a byte the truncate would cut
        xa.end(xid, XAResource.TMSUCCESS);
        assertThatThrownBy(() -> xa.prepare(xid))
            .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XA_RBROLLBACK));
        assertThat(observed()).containsExactly(0, 0, 0, 0, 0, 0, 1, 0);
        assertConflictFoundBehind(new IllegalStateException("RollbackException: null"));
        assertThat(observer.recover("main")).isEmpty(); // nothing left prepared, nothing locked
    }

    @Test
    void conflictAtLocalCommit_isTheCause_andANewTransactionForgetsIt() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        var local = mc.getLocalTransaction();
        local.begin();
        h.write(f, 0, new byte[] {4});
        anotherClientWrites(0, (byte) 8);
        assertThatThrownBy(local::commit).isInstanceOf(jakarta.resource.spi.LocalTransactionException.class)
            .cause().isInstanceOf(TransactionConflictException.class);
        assertThat(observed()[0]).isEqualTo((byte) 8);

        mc.getLocalTransaction().begin(); // the retry begins: the old failure no longer applies to this thread
        assertThat(TransactionConflictException.causeOf(new IllegalStateException("x"))).isEmpty();
        h.write(f, 0, new byte[] {4});
        mc.getLocalTransaction().commit();
        assertThat(observed()[0]).isEqualTo((byte) 4);
    }

    /** A container that dropped every cause: the thread's record still names the file. */
    private static void assertConflictFoundBehind(Exception containers) {
        assertThat(TransactionConflictException.causeOf(containers))
            .hasValueSatisfying(c -> assertThat(c).hasMessageContaining("doc.bin").hasMessageContaining("first committer wins"));
    }

    private void anotherClientWrites(long offset, byte value) throws Exception {
        AdapterFixture.anotherClientWrites(observer, offset, value);
    }

    @Test
    void closeInsideTransaction_waitsForTheEnd() throws Exception {
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.EXCLUSIVE);
        mc.getLocalTransaction().begin();
        h.write(f, 1, new byte[] {3});
        h.close(f);     // the staged write still needs the open file
        h.close();      // and the application lets go of the handle before the container commits
        mc.getLocalTransaction().commit();
        assertThat(observed()[1]).isEqualTo((byte) 3);
        observer.close(observer.open("main", "doc.bin", dev.cage.protocol.OpenMode.EXCLUSIVE)); // the exclusive open was released
    }

    @Test
    void callLog_recordsTheExactSequence() throws Exception {
        long mark = TransactionCallLog.mark();
        CageManagedConnection mc = managed(mcf);
        CageConnectionImpl h = handle(mc);
        CageFile f = h.open("main", "doc.bin", OpenMode.SHARED_WRITE);
        Xid xid = xid();
        mc.getXAResource().start(xid, XAResource.TMNOFLAGS);
        h.write(f, 0, new byte[] {1});
        mc.getXAResource().end(xid, XAResource.TMSUCCESS);
        mc.getXAResource().commit(xid, true);
        assertThat(TransactionCallLog.since(mark)).extracting(TransactionCallLog.Entry::call)
            .containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)", "commit(1pc)");
        assertThat(observed()[0]).isEqualTo((byte) 1);
    }

    private CageManagedConnection managedQuietly() {
        try {
            return managed(mcf);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private byte[] observed() throws Exception {
        return AdapterFixture.observed(observer);
    }

    private static byte[] bytes(int n, byte value) {
        byte[] b = new byte[n];
        Arrays.fill(b, value);
        return b;
    }

    private static Xid xid() {
        int n = IDS.incrementAndGet();
        return XidKey.of(new dev.cage.client.TxId(4711, ("gtrid-" + n).getBytes(), new byte[] {(byte) n}));
    }
}
