package dev.cage.adapter;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageTransaction;
import dev.cage.api.TransactionConflictException;
import dev.cage.protocol.CageException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * A pooled connection: a unit of work over one of the adapter's physical clients. It holds the files opened
 * through it, its transaction branches and its handles; the physical client (sessions, page cache) is the
 * adapter's and outlives it.
 *
 * <p>Threads: the container uses a managed connection from one thread at a time, but handles may be closed
 * and events fired from others, so the sets and the listener list are concurrent.
 */
final class CageManagedConnection implements ManagedConnection {
    private final CageManagedConnectionFactory factory;
    private final Cage cage;
    private final CageConnectionRequestInfo request;
    private final Set<CageConnectionImpl> handles = ConcurrentHashMap.newKeySet();
    private final Set<CageChannel> channels = ConcurrentHashMap.newKeySet();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Branches branches = new Branches();
    private final CageXAResource xaResource;
    private PrintWriter logWriter;
    private volatile boolean destroyed;

    CageManagedConnection(CageManagedConnectionFactory factory, Cage cage, CageConnectionRequestInfo request) {
        this.factory = factory;
        this.cage = cage;
        this.request = request;
        this.xaResource = new CageXAResource(this);
    }

    CageManagedConnectionFactory factory() {
        return factory;
    }

    Cage cage() {
        return cage;
    }

    Branches branches() {
        return branches;
    }

    boolean matches(ConnectionRequestInfo info) {
        return !destroyed && Objects.equals(info, request);
    }

    /** The client transaction the connection's work belongs to now, or {@code null} outside one. */
    CageTransaction transaction() {
        Branch b = branches.current();
        return b == null ? null : b.work();
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (destroyed) {
            throw new ResourceException("this Cage managed connection was destroyed");
        }
        CageConnectionImpl handle = new CageConnectionImpl(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof CageConnectionImpl handle)) {
            throw new ResourceException("not a Cage connection handle: " + connection);
        }
        CageManagedConnection old = handle.repoint(this);
        if (old != null) {
            old.handles.remove(handle);
        }
        handles.add(handle);
    }

    /** Handles are detached and the connection's files closed; the physical client stays. */
    @Override
    public void cleanup() {
        for (CageConnectionImpl h : handles) {
            h.invalidate();
        }
        handles.clear();
        for (CageChannel ch : channels) {
            closeChannel(ch);
        }
    }

    /**
     * Unprepared work is discarded; prepared XA branches stay on the servers for the transaction manager. A local
     * branch prepared before completion has nobody else to finish it, so it is rolled back.
     */
    @Override
    public void destroy() {
        destroyed = true;
        for (Branch b : branches.clear()) {
            if (b.prepared() && b.xid() != null) {
                continue; // the transaction manager finishes it, through another connection if need be
            }
            try {
                b.work().rollback();
            } catch (CageException e) {
                log("a branch of a destroyed connection did not roll back cleanly: " + e.getMessage());
            }
        }
        cleanup();
    }

    void opened(CageChannel ch) {
        channels.add(ch);
    }

    /** Closes a file now, or once the connection's transactions have ended. */
    void closeChannel(CageChannel ch) {
        if (branches.deferClose(ch)) {
            return;
        }
        closeNow(ch);
    }

    /** A branch ended: forget it and close the files that waited for it. */
    void finished(Branch b) {
        for (CageChannel ch : branches.finish(b)) {
            closeNow(ch);
        }
    }

    private void closeNow(CageChannel ch) {
        channels.remove(ch);
        try {
            cage.close(ch);
        } catch (CageException e) {
            log("closing " + ch + " failed: " + e.getMessage());
        }
    }

    void handleClosed(CageConnectionImpl handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        listeners.forEach(l -> l.connectionClosed(event));
    }

    /**
     * A call failed with {@code e} (the API's exception, as the application sees it). If a node is gone, the
     * container must drop this connection rather than hand it out again.
     */
    void failed(dev.cage.api.CageException e) {
        if (e instanceof dev.cage.api.ServerUnavailableException) {
            ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, e);
            listeners.forEach(l -> l.connectionErrorOccurred(event));
        }
    }

    /** As {@link #failed(dev.cage.api.CageException)}, for a failure of the client (transaction calls). */
    void failed(CageException e) {
        failed(ApiTypes.exception(e));
    }

    /**
     * A commit or prepare failed with {@code e}: as {@link #failed(CageException)}, and a conflict is recorded for
     * this thread, since transaction managers drop the cause on the way to the application
     * ({@link TransactionConflictException#causeOf}). Returns the API's exception, for the cause of the container's.
     */
    dev.cage.api.CageException commitFailed(CageException e) {
        dev.cage.api.CageException api = ApiTypes.exception(e);
        if (api instanceof TransactionConflictException conflict) {
            TransactionConflictException.recordFailedCommit(conflict);
        }
        failed(api);
        return api;
    }

    /**
     * This thread begins a transaction branch on this connection: an earlier failed commit no longer applies to the
     * thread, the connection's work goes to {@code b}, and {@code b} may be prepared before the transaction completes.
     */
    void begin(Branch b) {
        TransactionConflictException.forgetFailedCommit();
        branches.associate(b);
        EarlyPrepare.register(this, b, factory.synchronizations());
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() {
        return xaResource;
    }

    @Override
    public LocalTransaction getLocalTransaction() {
        return new CageLocalTransaction(this);
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new CageMetaData(cage.name(), request == null ? factory.getUser() : request.user());
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    void log(String message) {
        PrintWriter w = logWriter;
        if (w != null) {
            w.println(message);
        }
        System.getLogger(CageManagedConnection.class.getName()).log(System.Logger.Level.WARNING, message);
    }
}
