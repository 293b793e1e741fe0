package dev.cage.adapter;

import com.hazelcast.core.HazelcastInstance;
import dev.cage.client.Cage;
import dev.cage.client.SharedPageCache;
import jakarta.resource.ResourceException;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The only adapter class that names Hazelcast types: it is loaded when a factory with {@code sharedCache=true} builds
 * its client, so the adapter loads and works without Hazelcast on the class path otherwise. Inside Payara the
 * classes and the member are Payara's own (Hazelcast 5.3.8-payara-1), found by JNDI.
 */
final class PayaraGrid {
    /** Where Payara binds its data grid member. */
    static final String JNDI_NAME = "payara/Hazelcast";

    private PayaraGrid() {
    }

    /**
     * Gives the builder a cluster-shared page cache through Payara's member; the member is Payara's, so the client
     * never shuts it down.
     *
     * @throws ResourceException naming {@value #JNDI_NAME} when there is no running member there
     */
    static void share(Cage.Builder builder) throws ResourceException {
        builder.sharedPageCache(SharedPageCache.using(member()));
    }

    private static HazelcastInstance member() throws ResourceException {
        Object found;
        try {
            found = new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException e) {
            throw missing("the lookup failed (" + e + ")", e);
        }
        if (!(found instanceof HazelcastInstance instance)) {
            throw missing(found == null ? "nothing is bound there"
                : "it is a " + found.getClass().getName() + ", not a com.hazelcast.core.HazelcastInstance", null);
        }
        if (!instance.getLifecycleService().isRunning()) {
            throw missing("the member there is not running", null);
        }
        return instance;
    }

    private static ResourceException missing(String why, Throwable cause) {
        ResourceException e = new ResourceException("sharedCache=true needs Payara's data grid member at JNDI name '"
            + JNDI_NAME + "', but " + why + "; start Payara with clustering on (Payara Micro: not --noCluster), "
            + "or set sharedCache=false");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
