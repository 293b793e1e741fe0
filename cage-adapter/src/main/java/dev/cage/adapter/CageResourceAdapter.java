package dev.cage.adapter;

import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.transaction.xa.XAResource;

/**
 * The Cage resource adapter: outbound only. It owns the physical clients of every connection factory it
 * serves, for its whole life: they are built on first use and closed (dirty pages pushed, sessions ended)
 * when the container stops the adapter.
 */
@Connector(
    displayName = "Cage",
    description = "Transactional access to files on Cage server nodes",
    vendorName = "Cage",
    eisType = "Cage file server",
    version = "0.1",
    transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction,
    reauthenticationSupport = false)
public class CageResourceAdapter implements ResourceAdapter {
    private volatile Clients clients = new Clients();
    private volatile TransactionSynchronizationRegistry synchronizations;

    @Override
    public void start(BootstrapContext ctx) {
        clients = new Clients();
        synchronizations = ctx == null ? null : ctx.getTransactionSynchronizationRegistry(); // null: started by hand
    }

    @Override
    public void stop() {
        clients.closeAll();
    }

    Clients clients() {
        return clients;
    }

    /** The container's registry for the current JTA transaction, or {@code null} if it offers none. */
    TransactionSynchronizationRegistry synchronizations() {
        return synchronizations;
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) {
        throw new UnsupportedOperationException("the Cage adapter has no inbound side");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // no inbound side
    }

    /** No inbound endpoints, so nothing to recover here; outbound recovery goes through the connection pools. */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // The spec asks adapters for equals/hashCode; one instance per deployment, so identity is right.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
