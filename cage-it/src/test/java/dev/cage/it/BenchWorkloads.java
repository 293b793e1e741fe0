package dev.cage.it;

import dev.cage.api.CageConnection;
import dev.cage.api.CageConnectionFactory;
import dev.cage.api.CageException;
import dev.cage.api.CageFile;
import dev.cage.api.OpenMode;
import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.ejb.CageAdmin;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.resource.ResourceException;

/**
 * One operation of each workload {@link AdapterBenchIT} times: a 4 KiB write made durable, one call per operation.
 * The transactional methods run in a container-managed transaction of their own (REQUIRED, called from outside
 * any transaction), so the call returns only after the container has committed.
 *
 * <p>Each method returns {@link System#nanoTime()} taken when its own work was done and before what makes it
 * durable (the plain client's {@code putPages}; for the others the container's completion: flush, prepare,
 * commit, the deferred file close), so the caller can split each operation's time in two.
 */
@Stateless
public class BenchWorkloads {
    @Resource(lookup = CageAdmin.FACTORY)
    CageConnectionFactory factory;

    @PersistenceContext(unitName = "cage-it")
    EntityManager em;

    /** A: the plain client, no transaction; returns once the node has acknowledged the page. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public long plainWrite(Cage cage, CageChannel ch, long offset, byte[] data)
        throws dev.cage.protocol.CageException {
        cage.write(ch, offset, data);
        long workDone = System.nanoTime();
        cage.putPages(ch);
        return workDone;
    }

    /** A′ (reference): the plain client doing what the adapter does per transaction: open, write, push, close. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public long plainOpenWriteClose(Cage cage, String server, String path, long offset, byte[] data)
        throws dev.cage.protocol.CageException {
        CageChannel ch = cage.open(server, path, dev.cage.protocol.OpenMode.SHARED_WRITE, true);
        cage.write(ch, offset, data);
        long workDone = System.nanoTime();
        cage.putPages(ch);
        cage.close(ch);
        return workDone;
    }

    /** B: the adapter, Cage alone in the transaction (the container commits it in one phase). */
    public long cageWrite(String path, long offset, byte[] data) throws CageException, ResourceException {
        try (CageConnection c = factory.getConnection()) {
            CageFile f = c.open(c.servers().get(0), path, OpenMode.SHARED_WRITE, true);
            c.write(f, offset, data);
            c.close(f); // takes effect when the transaction has ended
        }
        return System.nanoTime();
    }

    /** C: the adapter and a JPA insert in one transaction (two resources: two-phase commit). */
    public long cageWriteAndRecord(String path, long offset, byte[] data, String record)
        throws CageException, ResourceException {
        cageWrite(path, offset, data);
        em.persist(new DocumentRecord(record, data.length));
        em.flush(); // enlists the datasource now, like Scenarios.putAndRecord
        return System.nanoTime();
    }

    /** D: the JPA insert alone (one resource: the container commits it in one phase). */
    public long record(String record, int size) {
        em.persist(new DocumentRecord(record, size));
        em.flush();
        return System.nanoTime();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public long records(String record) {
        return em.createQuery("SELECT COUNT(r) FROM DocumentRecord r WHERE r.name = :n", Long.class)
            .setParameter("n", record).getSingleResult();
    }
}
