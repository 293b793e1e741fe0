package dev.cage.it;

import dev.cage.ejb.DocumentException;
import dev.cage.ejb.DocumentStore;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Container-managed transactions the in-container tests drive: Cage alone, and Cage with JPA. */
@Stateless
public class Scenarios {
    @EJB
    DocumentStore documents;

    @PersistenceContext(unitName = "cage-it")
    EntityManager em;

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
