package dev.cage.web.api;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.cage.api.CacheStats;
import dev.cage.api.TierStats;
import dev.cage.ejb.CageAdmin;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * {@code GET api/cache}: where the console's connection factory ({@code cage/factory}, the one applications in this
 * server use by default) gets its pages, its page cache's counters, and the members of the data grid that holds the
 * cluster-shared tier.
 */
@Path("cache")
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {
    /** Payara's own data grid member. */
    static final String GRID = "payara/Hazelcast";

    /** One member of the data grid. */
    public record GridMember(String address, String uuid, boolean thisMember) {
    }

    /** The data grid: its cluster's name and members, or why it cannot be seen. */
    public record Grid(String cluster, List<GridMember> members, String error) {
    }

    public record CacheView(CacheStats cache, TierStats tiers, Grid grid) {
    }

    @Inject
    CageAdmin admin;

    @GET
    public CacheView cache() {
        return new CacheView(NodeCalls.call(admin::cacheStats), NodeCalls.call(admin::tierStats), grid());
    }

    private static Grid grid() {
        try {
            HazelcastInstance hz = (HazelcastInstance) new InitialContext().lookup(GRID);
            List<GridMember> members = new ArrayList<>();
            for (Member m : hz.getCluster().getMembers()) {
                members.add(new GridMember(m.getAddress().getHost() + ":" + m.getAddress().getPort(),
                    m.getUuid().toString(), m.localMember()));
            }
            return new Grid(hz.getConfig().getClusterName(), members, null);
        } catch (NamingException | RuntimeException e) {
            return new Grid("", List.of(), "no data grid in this server (" + e.getMessage() + ")");
        }
    }
}
