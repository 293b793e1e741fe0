package dev.cage.example;

import dev.cage.api.TierStats;
import dev.cage.ejb.CageAdmin;
import dev.cage.ejb.CageAdminException;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/cache}: where the adapter's client for the factory got its pages ({@link CageAdmin#tierStats()}),
 * one {@code name value} pair per line, in the order of {@link TierStats}'s components, so a script (or a test) can
 * pick one counter out with {@code grep}/{@code awk}.
 */
@Path("cache")
public class CacheResource {
    @EJB
    CageAdmin admin;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response cache() {
        try {
            TierStats s = admin.tierStats();
            String text = "localHits " + s.localHits() + '\n'
                + "clusterHits " + s.clusterHits() + '\n'
                + "serverReads " + s.serverReads() + '\n'
                + "evictions " + s.evictions() + '\n'
                + "invalidations " + s.invalidations() + '\n'
                + "published " + s.published() + '\n'
                + "clusterErrors " + s.clusterErrors() + '\n'
                + "sharedBytesOnMember " + s.sharedBytesOnMember() + '\n'
                + "sharedPagesOnMember " + s.sharedPagesOnMember() + '\n'
                + "sharedEvictionsOnMember " + s.sharedEvictionsOnMember() + '\n';
            return Response.ok(text).build();
        } catch (CageAdminException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(e.getMessage() + "\n").build();
        }
    }
}
