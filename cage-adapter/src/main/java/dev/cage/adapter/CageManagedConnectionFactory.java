package dev.cage.adapter;

import dev.cage.api.CageConnection;
import dev.cage.api.CageConnectionFactory;
import dev.cage.client.Cage;
import dev.cage.protocol.CageException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * A configured connection factory: which servers, as whom, with what page cache. The transaction level is the
 * pool's to choose (XATransaction, the adapter's maximum, or LocalTransaction); the factory does not override it. Equal configurations are
 * equal factories (the spec requires it), and they share one physical client per user.
 */
@ConnectionDefinition(
    connectionFactory = CageConnectionFactory.class,
    connectionFactoryImpl = CageConnectionFactoryImpl.class,
    connection = CageConnection.class,
    connectionImpl = CageConnectionImpl.class)
public class CageManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {
    // The defaults live in the fields, not in @ConfigProperty(defaultValue): Payara names an annotated property after
    // its setter (SharedCache), keeps a pool's property of another case (sharedCache=true) as a second one, and
    // applied the annotation's default after the pool's value, so sharedCache, pageCount, pageSize and
    // responseTimeoutMillis given in lower camel case never took effect. Without a default only the pool's is set.
    private static final long serialVersionUID = 1L;

    private String servers;
    private String user;
    private String secret;
    private Integer pageSize = 64 * 1024;
    private Integer pageCount = 1024;
    private Long responseTimeoutMillis = 10_000L;
    private Boolean sharedCache = false;

    private transient CageResourceAdapter adapter;
    /** Used only when no adapter is associated (non-managed use outside a container). */
    private transient Clients ownClients;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager manager) {
        return new CageConnectionFactoryImpl(this, manager);
    }

    @Override
    public Object createConnectionFactory() {
        return new CageConnectionFactoryImpl(this, new NonManagedConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        CageConnectionRequestInfo request = (CageConnectionRequestInfo) info;
        ClientConfig config = config();
        if (request != null) {
            config = config.as(request.user(), request.secret());
        }
        try {
            return new CageManagedConnection(this, clients().get(config), request);
        } catch (CageException e) {
            throw new ResourceException("cannot build a Cage client for " + config + ": " + e.getMessage(), e);
        }
    }

    /** The first pooled connection made for the same request (the same user), if any. */
    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        for (Object o : candidates) {
            if (o instanceof CageManagedConnection mc && mc.factory().equals(this) && mc.matches(info)) {
                return mc;
            }
        }
        return null;
    }

    ClientConfig config() throws ResourceException {
        try {
            if (user == null || secret == null) {
                throw new InvalidPropertyException("the Cage connection factory needs both user and secret");
            }
            if (Boolean.TRUE.equals(sharedCache) && (pageCount == null || pageCount <= 0)) {
                throw new InvalidPropertyException("sharedCache=true needs the page cache on (pageCount > 0)");
            }
            return new ClientConfig(ClientConfig.parseServers(servers), user, secret, pageSize, pageCount,
                Duration.ofMillis(responseTimeoutMillis), Boolean.TRUE.equals(sharedCache));
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage(), e);
        }
    }

    private synchronized Clients clients() {
        if (adapter != null) {
            return adapter.clients();
        }
        if (ownClients == null) {
            ownClients = new Clients();
        }
        return ownClients;
    }

    /** Closes the clients of a factory used without an adapter. */
    synchronized void closeOwnClients() {
        if (ownClients != null) {
            ownClients.closeAll();
            ownClients = null;
        }
    }

    /** The container's transaction synchronization registry; {@code null} outside a container. */
    TransactionSynchronizationRegistry synchronizations() {
        CageResourceAdapter ra = adapter;
        return ra == null ? null : ra.synchronizations();
    }

    /** The client of the factory's configured user, for administration. */
    Cage client() throws ResourceException {
        try {
            return clients().get(config());
        } catch (CageException e) {
            throw new ResourceException(e.getMessage(), e);
        }
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.adapter = (CageResourceAdapter) ra;
    }

    /** Named servers, {@code name=host:port} separated by commas. */
    @ConfigProperty(description = "Named servers: name=host:port, separated by commas")
    public void setServers(String servers) {
        this.servers = servers;
    }

    public String getServers() {
        return servers;
    }

    @ConfigProperty(description = "User the servers are logged in as")
    public void setUser(String user) {
        this.user = user;
    }

    public String getUser() {
        return user;
    }

    /** The user's secret; on Payara a password alias (${ALIAS=name}) keeps it out of the configuration. */
    @ConfigProperty(description = "The user's secret", confidential = true)
    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getSecret() {
        return secret;
    }

    @ConfigProperty(description = "Page cache page size in bytes, a power of two (default 65536)")
    public void setPageSize(Integer pageSize) {
        this.pageSize = pageSize;
    }

    public Integer getPageSize() {
        return pageSize;
    }

    @ConfigProperty(description = "Pages in the page cache; 0 turns it off (default 1024)")
    public void setPageCount(Integer pageCount) {
        this.pageCount = pageCount;
    }

    public Integer getPageCount() {
        return pageCount;
    }

    @ConfigProperty(description = "How long a call may wait for its answer, in milliseconds (default 10000)")
    public void setResponseTimeoutMillis(Long millis) {
        this.responseTimeoutMillis = millis;
    }

    public Long getResponseTimeoutMillis() {
        return responseTimeoutMillis;
    }

    @ConfigProperty(description = "Share pages through Payara's data grid (its Hazelcast member at payara/Hazelcast) (default false)")
    public void setSharedCache(Boolean sharedCache) {
        this.sharedCache = sharedCache;
    }

    public Boolean getSharedCache() {
        return sharedCache;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CageManagedConnectionFactory f && Objects.equals(f.servers, servers)
            && Objects.equals(f.user, user) && Objects.equals(f.secret, secret) && Objects.equals(f.pageSize, pageSize)
            && Objects.equals(f.pageCount, pageCount) && Objects.equals(f.responseTimeoutMillis, responseTimeoutMillis)
            && Objects.equals(f.sharedCache, sharedCache);
    }

    @Override
    public int hashCode() {
        return Objects.hash(servers, user, pageSize, pageCount, responseTimeoutMillis, sharedCache);
    }
}
