package dev.cage.it;

import dev.cage.api.CageConnection;
import dev.cage.api.CageConnectionFactory;
import dev.cage.api.CageException;
import dev.cage.api.CageFile;
import dev.cage.api.OpenMode;
import dev.cage.ejb.DocumentException;
import dev.cage.ejb.DocumentStore;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.resource.ResourceException;

/** Container-managed transactions the in-container tests drive: Cage alone, and Cage with JPA. */
@Stateless
public class Scenarios {
    @EJB
    DocumentStore documents;

    @Resource
    SessionContext context;

    @PersistenceContext(unitName = "cage-it")
    EntityManager em;

    /** A pool of the same node that offers local transactions only. */
    @Resource(lookup = "cage/local")
    CageConnectionFactory localOnly;

    /** Overwrites the start of an existing file through the local-transaction pool, then fails if asked to. */
    public void writeThroughLocalPool(String path, byte[] content, boolean fail) throws CageException, ResourceException {
        try (CageConnection c = localOnly.getConnection()) {
            CageFile f = c.open("main", path, OpenMode.SHARED_WRITE);
            c.write(f, 0, content);
            c.close(f);
        }
        if (fail) {
            throw new IllegalStateException("failing on purpose after writing " + path);
        }
    }

    /** A runtime exception after the write: the container rolls the transaction back. */
    public void putThenFail(String name, byte[] content) throws DocumentException {
        documents.put(name, content);
        throw new IllegalStateException("failing on purpose after writing " + name);
    }

    /** A Cage write and a JPA insert in one XA transaction. */
    public void putAndRecord(String name, byte[] content) throws DocumentException {
        documents.put(name, content);
        em.persist(new DocumentRecord(name, content.length));
        em.flush(); // enlists the datasource now, so both resources are in the transaction before it ends
    }

    public void putAndRecordThenFail(String name, byte[] content) throws DocumentException {
        putAndRecord(name, content);
        throw new IllegalStateException("failing on purpose after writing and recording " + name);
    }

    /**
     * Replaces a document in this transaction, but first lets another transaction replace it and commit: at this
     * transaction's commit the other is the first committer, so this one conflicts and rolls back.
     */
    public void putWhileAnotherCommitsFirst(String name, byte[] mine, byte[] theirs) throws DocumentException {
        documents.put(name, mine);
        context.getBusinessObject(Scenarios.class).putInAnotherTransaction(name, theirs);
    }

    /** Replaces a document in a transaction of its own, committed when this returns. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void putInAnotherTransaction(String name, byte[] content) throws DocumentException {
        documents.put(name, content);
    }

    /** What another transaction sees of a document. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public byte[] getInAnotherTransaction(String name) throws DocumentException {
        return documents.get(name);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public long records(String name) {
        return em.createQuery("SELECT COUNT(r) FROM DocumentRecord r WHERE r.name = :n", Long.class)
            .setParameter("n", name).getSingleResult();
    }
}
