package dev.cage.example;

import dev.cage.api.NodeInfo;
import dev.cage.ejb.CageAdmin;
import dev.cage.ejb.CageAdminException;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/node}: facts and counters of each node behind the connection factory, one line per node. */
@Path("node")
public class NodeResource {
    @EJB
    CageAdmin admin;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response node() {
        try {
            StringBuilder out = new StringBuilder();
            for (String server : admin.servers()) {
                NodeInfo n = admin.node(server);
                out.append(server).append(": ").append(n.bindAddress()).append(':').append(n.port())
                    .append(", root ").append(n.root())
                    .append(", journal ").append(n.journal() ? n.journalDialect() : "off")
                    .append(", up ").append(n.uptime().toSeconds()).append(" s")
                    .append(", sessions ").append(n.sessions())
                    .append(", writes ").append(n.writesServed()).append(" (").append(n.bytesWritten()).append(" bytes)")
                    .append(", reads ").append(n.readsServed()).append(" (").append(n.bytesRead()).append(" bytes)")
                    .append('\n');
            }
            return Response.ok(out.toString()).build();
        } catch (CageAdminException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(e.getMessage() + "\n").build();
        }
    }
}
