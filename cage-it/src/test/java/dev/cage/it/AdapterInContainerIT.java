package dev.cage.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cage.adapter.TransactionCallLog;
import dev.cage.api.CageConnection;
import dev.cage.api.CageConnectionFactory;
import dev.cage.api.CageFile;
import dev.cage.api.JournalEntryInfo;
import dev.cage.api.OpenMode;
import dev.cage.api.ServerUnavailableException;
import dev.cage.api.TierStats;
import dev.cage.api.TransactionConflictException;
import dev.cage.ejb.CageAdmin;
import dev.cage.ejb.DocumentStore;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.resource.ResourceException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The resource adapter inside Payara Micro, against a real node: injection, bytes, container-managed commit and
 * rollback, isolation, Cage and JPA in one XA transaction, the transaction manager's exact call sequences, pool
 * exhaustion and a vanished node. One class, so Payara boots once for all of it. The WAR carries only the beans
 * and the test classes: the adapter, its API and the client come from the deployed cage-rar.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class AdapterInContainerIT {
    @Resource(lookup = CageAdmin.FACTORY)
    CageConnectionFactory factory;

    /** sharedCache=true: pages shared through Payara's data grid (post-boot file). */
    @Resource(lookup = "cage/shared")
    CageConnectionFactory shared;

    /** The same, with another pageCount: another physical client with its own local cache. */
    @Resource(lookup = "cage/shared2")
    CageConnectionFactory shared2;

    @EJB
    DocumentStore documents;

    @EJB
    CageAdmin admin;

    @EJB
    Scenarios scenarios;

    @Resource
    UserTransaction tx;

    @Resource(lookup = "java:appserver/TransactionManager")
    TransactionManager tm;

    NodeProcess node;

    @Deployment
    public static WebArchive deployment() throws IOException {
        try (Stream<Path> testLibs = Files.list(Path.of(System.getProperty("cage.it.testLibs", "target/test-libs")))) {
            return ShrinkWrap.create(WebArchive.class, "adapter-it.war")
                .addPackage(DocumentStore.class.getPackage())
                .addClasses(NodeProcess.class, Scenarios.class, DocumentRecord.class, NodeKiller.class)
                .addAsResource("adapter-it/persistence.xml", "META-INF/persistence.xml")
                .addAsLibraries(testLibs.map(Path::toFile).toArray(File[]::new));
        }
    }

    @BeforeEach
    void node() throws Exception {
        node = NodeProcess.fromSystemProperties().start();
    }

    @Test
    @Order(1)
    void resourceInjection_givesTheFactory_andTheAdminBeanReachesTheNode() throws Exception {
        assertThat(factory).isNotNull();
        assertThat(admin.servers()).containsExactly("main", "grp"); // grp: the console test's group (down here)
        assertThat(admin.node("main").journal()).isTrue();
    }

    @Test
    @Order(2)
    void outsideTransactions_bytesRoundTrip() throws Exception {
        byte[] data = bytes("plain write, no transaction", 5000);
        try (CageConnection c = factory.getConnection()) {
            CageFile f = c.open("main", "plain.bin", OpenMode.EXCLUSIVE, true);
            c.write(f, 0, data);
            assertThat(c.read(f, 0, data.length)).isEqualTo(data);
            c.putPages(f);
            c.close(f);
        }
        assertThat(Files.readAllBytes(node.root().resolve("plain.bin"))).isEqualTo(data);
    }

    @Test
    @Order(3)
    void containerManagedCommit_isVisibleToASecondConnection_andOnDisk() throws Exception {
        byte[] data = bytes("committed", 3000);
        long mark = TransactionCallLog.mark();
        documents.put("committed.txt", data);
        assertThat(calls(mark)).containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)", "commit(1pc)");
        assertThat(readThroughNewConnection("committed.txt")).isEqualTo(data);
        assertThat(Files.readAllBytes(document("committed.txt"))).isEqualTo(data);
    }

    @Test
    @Order(4)
    void runtimeExceptionRollsBack_fileUnchanged_nothingJournaled() throws Exception {
        byte[] before = bytes("before", 2000);
        documents.put("rolled.txt", before);
        Instant since = Instant.now();
        long mark = TransactionCallLog.mark();
        assertThatThrownBy(() -> scenarios.putThenFail("rolled.txt", bytes("after", 9000)))
            .isInstanceOf(EJBException.class);
        assertThat(calls(mark)).containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)", "rollback");
        assertThat(Files.readAllBytes(document("rolled.txt"))).isEqualTo(before);
        assertThat(readThroughNewConnection("rolled.txt")).isEqualTo(before);
        assertThat(admin.history("main", "documents/rolled.txt", since, Instant.now().plusSeconds(60)))
            .noneMatch(JournalEntryInfo::isFileChange);
    }

    @Test
    @Order(5)
    void transactionReadsItsOwnWrites_anotherTransactionDoesNot() throws Exception {
        byte[] old = bytes("old", 1000);
        byte[] fresh = bytes("fresh", 1500);
        documents.put("isolated.txt", old);
        tx.begin();
        try {
            documents.put("isolated.txt", fresh);
            assertThat(documents.get("isolated.txt")).isEqualTo(fresh);
            assertThat(scenarios.getInAnotherTransaction("isolated.txt")).isEqualTo(old);
        } finally {
            tx.rollback();
        }
        assertThat(documents.get("isolated.txt")).isEqualTo(old);
        assertThat(Files.readAllBytes(document("isolated.txt"))).isEqualTo(old);
    }

    @Test
    @Order(6)
    void cageAndJpaInOneXaTransaction_commitTogether() throws Exception {
        byte[] data = bytes("with a row", 4096);
        long mark = TransactionCallLog.mark();
        scenarios.putAndRecord("xa.txt", data);
        assertThat(calls(mark)).containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)", "prepare", "commit(2pc)");
        assertThat(Files.readAllBytes(document("xa.txt"))).isEqualTo(data);
        assertThat(scenarios.records("xa.txt")).isEqualTo(1);
    }

    @Test
    @Order(7)
    void cageAndJpaInOneXaTransaction_rollBackTogether() throws Exception {
        byte[] before = bytes("xa before", 100);
        documents.put("xa-rolled.txt", before);
        long mark = TransactionCallLog.mark();
        assertThatThrownBy(() -> scenarios.putAndRecordThenFail("xa-rolled.txt", bytes("xa after", 4096)))
            .isInstanceOf(EJBException.class);
        assertThat(calls(mark)).containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)", "rollback");
        assertThat(Files.readAllBytes(document("xa-rolled.txt"))).isEqualTo(before);
        assertThat(scenarios.records("xa-rolled.txt")).isZero();
    }

    @Test
    @Order(7)
    void localTransactionPool_commitsAndRollsBack_withTheExactCalls() throws Exception {
        byte[] before = bytes("local before", 64);
        documents.put("local.txt", before);
        long mark = TransactionCallLog.mark();
        scenarios.writeThroughLocalPool("documents/local.txt", bytes("LOCAL", 5), false);
        assertThat(calls(mark)).containsExactly("begin", "commit");
        assertThat(Files.readAllBytes(document("local.txt"))).startsWith(bytes("LOCAL", 5));

        documents.put("local.txt", before);
        mark = TransactionCallLog.mark();
        assertThatThrownBy(() -> scenarios.writeThroughLocalPool("documents/local.txt", bytes("NOPE!", 5), true))
            .isInstanceOf(EJBException.class);
        assertThat(calls(mark)).containsExactly("begin", "rollback");
        assertThat(Files.readAllBytes(document("local.txt"))).isEqualTo(before);
    }

    @Test
    @Order(8)
    void poolExhausted_clearError_thenRecoversWhenAConnectionIsReturned() throws Exception {
        List<CageConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // the pool's maximum (post-boot file)
                held.add(factory.getConnection());
            }
            assertThatThrownBy(() -> factory.getConnection()).isInstanceOf(ResourceException.class);
            held.remove(0).close();
            try (CageConnection c = factory.getConnection()) {
                assertThat(c.list("main", "")).isNotEmpty();
            }
        } finally {
            for (CageConnection c : held) {
                c.close();
            }
        }
    }

    @Test
    @Order(9)
    void vanishedNode_givesServerUnavailable_andThePoolRecoversWhenItIsBack() throws Exception {
        try (CageConnection c = factory.getConnection()) {
            c.list("main", "");
            node.kill();
            assertThatThrownBy(() -> c.list("main", "")).isInstanceOf(ServerUnavailableException.class);
        }
        node.restart();
        try (CageConnection c = factory.getConnection()) {
            assertThat(c.stat("main", "plain.bin").size()).isEqualTo(5000);
        }
        assertThat(readThroughNewConnection("committed.txt")).isEqualTo(bytes("committed", 3000));
    }

    @Test
    @Order(10)
    void nodeKilledBetweenPrepareAndCommit_transactionManagersRecoveryCommitsTheBranch() throws Exception {
        byte[] before = bytes("crash before", 1000);
        byte[] after = bytes("crash after", 4096);
        String name = "crash-" + System.currentTimeMillis() + ".txt"; // the node's data outlives a build without clean
        documents.put(name, before);
        long mark = TransactionCallLog.mark();
        tx.begin();
        scenarios.putAndRecord(name, after);
        tm.getTransaction().enlistResource(new NodeKiller(node)); // prepared last: kills the node after Cage prepared
        assertThatThrownBy(tx::commit).isInstanceOf(SystemException.class); // the Cage commit could not be delivered

        node.restart();
        assertThat(scenarios.records(name)).isEqualTo(1);                       // the decision was commit
        assertThat(Files.readAllBytes(document(name))).isEqualTo(before);       // Cage's branch is still in doubt
        assertThat(recoverIncompleteTransactions()).isEqualTo(true);
        assertThat(Files.readAllBytes(document(name))).isEqualTo(after);        // and now committed
        assertThat(calls(mark)).containsExactly("start(TMNOFLAGS)", "end(TMSUCCESS)", "prepare", "commit(2pc)",
            "commit(2pc) failed: XAER_RMFAIL", "commit(2pc)");
        assertThat(TransactionCallLog.since(mark)).extracting(TransactionCallLog.Entry::call)
            .contains("recover(TMSTARTRSCAN|TMENDRSCAN)");
        documents.put(name, before); // no lock is left behind
        assertThat(Files.readAllBytes(document(name))).startsWith(before);
    }

    @Test
    @Order(11)
    void cageAdmin_showsSessionsAndChannels_andRollsAFileBackToAnInstant() throws Exception {
        byte[] first = bytes("version one", 2048);
        documents.put("history.txt", first);
        Instant between = Instant.now();
        documents.put("history.txt", bytes("version two", 3000));
        assertThat(admin.history("main", "documents/history.txt", between, Instant.now().plusSeconds(60)))
            .anyMatch(JournalEntryInfo::isFileChange);

        assertThat(admin.rollback("main", "documents/history.txt", false, between)).isPositive();
        assertThat(Files.readAllBytes(document("history.txt"))).isEqualTo(first);

        try (CageConnection c = factory.getConnection()) {
            CageFile f = c.open("main", "documents/history.txt", OpenMode.SHARED_READ);
            assertThat(admin.sessions("main")).anySatisfy(session -> assertThat(session.channels())
                .anyMatch(ch -> ch.path().equals("documents/history.txt") && ch.mode() == OpenMode.SHARED_READ));
            c.close(f);
        }
        assertThat(admin.cacheStats().hits() + admin.cacheStats().misses()).isPositive();
    }

    @Test
    @Order(12)
    void sharedCache_throughPayarasGrid_secondClientReadsFromTheCluster_andNeverStaleAfterAWrite() throws Exception {
        int pageSize = 65536;
        int pages = 5;
        byte[] data = bytes("shared through the grid", pages * pageSize - 100); // a short last page
        String name = "shared-" + System.currentTimeMillis() + ".bin";
        try (CageConnection c = factory.getConnection()) { // the plain factory: shares nothing
            CageFile f = c.open("main", name, OpenMode.EXCLUSIVE, true);
            c.write(f, 0, data);
            c.putPages(f);
            c.close(f);
        }

        try (CageConnection c = shared.getConnection()) { // every page from the server, then added to the grid
            long serverReads = c.tierStats().serverReads();
            long publishedBefore = c.tierStats().published();
            assertThat(readAll(c, name)).isEqualTo(data);
            TierStats plain;
            try (CageConnection p = factory.getConnection()) {
                plain = p.tierStats();
            }
            assertThat(c.tierStats().serverReads() - serverReads)
                .as("shared %s, plain %s, cache %s", c.tierStats(), plain, c.cacheStats()).isEqualTo(pages);
            await().atMost(Duration.ofSeconds(10)) // additions are asynchronous
                .until(() -> c.tierStats().published() - publishedBefore >= pages);
            assertThat(c.tierStats().published() - publishedBefore).isEqualTo(pages);
        }

        long readsServed = admin.node("main").readsServed();
        try (CageConnection c = shared2.getConnection()) { // another client: every page from the grid
            long clusterHits = c.tierStats().clusterHits();
            long serverReads = c.tierStats().serverReads();
            assertThat(readAll(c, name)).isEqualTo(data);
            assertThat(c.tierStats().clusterHits() - clusterHits).isEqualTo(pages);
            assertThat(c.tierStats().serverReads() - serverReads).isZero();
        }
        assertThat(admin.node("main").readsServed()).isEqualTo(readsServed);

        // An acknowledged write through one factory, then a read through the other: the new bytes, never the
        // grid's or the local cache's old ones. Both ways, with the reader's file open and closed.
        byte[] first = bytes("written through shared2", 3 * pageSize + 7);
        writeAcknowledged(shared2, name, 1000, first);
        byte[] expected = data.clone();
        System.arraycopy(first, 0, expected, 1000, first.length);
        try (CageConnection c = shared.getConnection()) {
            assertThat(readAll(c, name)).isEqualTo(expected);
        }
        try (CageConnection reader = shared2.getConnection()) {
            CageFile open = reader.open("main", name, OpenMode.SHARED_WRITE);
            assertThat(reader.read(open, 0, (int) reader.size(open))).isEqualTo(expected); // cached in shared2
            byte[] second = bytes("written through shared", 2 * pageSize);
            writeAcknowledged(shared, name, 5000, second);
            System.arraycopy(second, 0, expected, 5000, second.length);
            assertThat(reader.read(open, 0, (int) reader.size(open))).isEqualTo(expected);
            reader.close(open);
        }
        try (CageConnection c = shared2.getConnection()) {
            assertThat(readAll(c, name)).isEqualTo(expected);
        }
        assertThat(Files.readAllBytes(node.root().resolve(name))).isEqualTo(expected);
        assertThat(admin.tierStats().clusterHits()).isZero(); // the plain factory has no shared tier
    }

    @Test
    @Order(13)
    void containerManagedTransactions_firstCommitterWins_andTheCallerFindsTheConflict_thenRetries() throws Exception {
        documents.put("raced.txt", bytes("before", 100));
        byte[] mine = bytes("mine", 300);
        byte[] theirs = bytes("theirs", 200);
        long mark = TransactionCallLog.mark();
        assertThatThrownBy(() -> scenarios.putWhileAnotherCommitsFirst("raced.txt", mine, theirs))
            .isInstanceOf(EJBException.class).hasCauseInstanceOf(RollbackException.class)
            .satisfies(e -> assertConflictOn("documents/raced.txt", e));
        assertThat(calls(mark)).containsSubsequence("prepare(beforeCompletion)",
            "prepare(beforeCompletion) failed: TransactionConflictException", "rollback");
        assertThat(Files.readAllBytes(document("raced.txt"))).isEqualTo(theirs); // no lost update

        documents.put("raced.txt", mine); // the retry, with nobody racing it
        assertThat(Files.readAllBytes(document("raced.txt"))).isEqualTo(mine);
    }

    @Test
    @Order(14)
    void cageAndJpaInOneXaTransaction_conflictAtPrepare_rollsBothBack_andTheCallerFindsTheConflict() throws Exception {
        documents.put("raced-xa.txt", bytes("before", 100));
        byte[] theirs = bytes("theirs", 200);
        long mark = TransactionCallLog.mark();
        tx.begin();
        try {
            scenarios.putAndRecord("raced-xa.txt", bytes("mine", 300));
            scenarios.putInAnotherTransaction("raced-xa.txt", theirs);
        } catch (Exception e) {
            tx.rollback();
            throw e;
        }
        assertThatThrownBy(tx::commit).isInstanceOf(RollbackException.class)
            .satisfies(e -> assertConflictOn("documents/raced-xa.txt", e));
        assertThat(calls(mark)).containsSubsequence("prepare(beforeCompletion)",
            "prepare(beforeCompletion) failed: TransactionConflictException", "rollback");
        assertThat(scenarios.records("raced-xa.txt")).isZero();
        assertThat(Files.readAllBytes(document("raced-xa.txt"))).isEqualTo(theirs);
    }

    @Test
    @Order(15)
    void localTransactionPool_conflictAtCommit_rollsBack_andTheCallerFindsTheConflict() throws Exception {
        byte[] theirs = bytes("theirs", 200);
        documents.put("raced-local.txt", bytes("before", 100));
        long mark = TransactionCallLog.mark();
        tx.begin();
        try {
            scenarios.writeThroughLocalPool("documents/raced-local.txt", bytes("LOCAL", 5), false);
            scenarios.putInAnotherTransaction("raced-local.txt", theirs);
        } catch (Exception e) {
            tx.rollback();
            throw e;
        }
        assertThatThrownBy(tx::commit).isInstanceOf(RollbackException.class)
            .satisfies(e -> assertConflictOn("documents/raced-local.txt", e));
        assertThat(calls(mark)).containsSubsequence("begin", "prepare(beforeCompletion)",
            "prepare(beforeCompletion) failed: TransactionConflictException", "rollback");
        assertThat(Files.readAllBytes(document("raced-local.txt"))).isEqualTo(theirs);
    }

    /**
     * What an application does with a failed commit: finds the conflict among the causes of the container's exception
     * (the adapter asked the node before completion, the one failure Payara passes on as a cause), named in a message.
     */
    private static void assertConflictOn(String path, Throwable containers) {
        List<Throwable> causes = Stream.iterate(containers, Objects::nonNull, Throwable::getCause).limit(64).toList();
        assertThat(causes).as("causes of %s", containers)
            .anySatisfy(t -> assertThat(t).isInstanceOf(TransactionConflictException.class)
                .hasMessageContaining("'" + path + "'").hasMessageContaining("first committer wins"))
            .anySatisfy(t -> assertThat(t).hasMessageContaining("TransactionConflictException: ")
                .hasMessageContaining("'" + path + "'"));
        assertThat(TransactionConflictException.causeOf(containers)).as("conflict behind %s", containers.toString())
            .hasValueSatisfying(c -> assertThat(causes).contains(c));
    }

    private static byte[] readAll(CageConnection c, String name) throws Exception {
        CageFile f = c.open("main", name, OpenMode.SHARED_WRITE);
        try {
            return c.read(f, 0, (int) c.size(f));
        } finally {
            c.close(f);
        }
    }

    /** Writes and pushes the pages: once this returns, the node acknowledged the write. */
    private static void writeAcknowledged(CageConnectionFactory through, String name, long offset, byte[] bytes)
            throws Exception {
        try (CageConnection c = through.getConnection()) {
            CageFile f = c.open("main", name, OpenMode.SHARED_WRITE);
            c.write(f, offset, bytes);
            c.putPages(f);
            c.close(f);
        }
    }

    /**
     * Asks Payara's transaction manager to recover now, as it does at start: every XA pool's resources are asked
     * for in-doubt branches, which are finished as its log says. (The asadmin command recover-transactions refuses
     * a Payara Micro instance as "not running", so its service is called directly.)
     */
    private Object recoverIncompleteTransactions() throws Exception {
        ClassLoader loader = tm.getClass().getClassLoader();
        Object locator = Class.forName("org.glassfish.internal.api.Globals", true, loader).getMethod("getDefaultHabitat").invoke(null);
        Class<?> manager = Class.forName("com.sun.enterprise.transaction.api.ResourceRecoveryManager", true, loader);
        Object service = locator.getClass().getMethod("getService", Class.class, Annotation[].class)
            .invoke(locator, manager, new Annotation[0]);
        return manager.getMethod("recoverIncompleteTx", boolean.class, String.class).invoke(service, false, null);
    }

    private byte[] readThroughNewConnection(String name) throws Exception {
        try (CageConnection c = factory.getConnection()) {
            CageFile f = c.open("main", "documents/" + name, OpenMode.SHARED_READ);
            try {
                return c.read(f, 0, (int) c.size(f));
            } finally {
                c.close(f);
            }
        }
    }

    private Path document(String name) {
        return node.root().resolve("documents").resolve(name);
    }

    private static List<String> calls(long mark) {
        return TransactionCallLog.since(mark).stream().filter(e -> !e.call().startsWith("recover"))
            .map(TransactionCallLog.Entry::call).toList();
    }

    private static byte[] bytes(String text, int length) {
        byte[] pattern = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = pattern[i % pattern.length];
        }
        return out;
    }

}
