package dev.cage.web.api;

import static dev.cage.web.api.NodeCalls.required;

import dev.cage.ejb.CageAdmin;
import dev.cage.web.live.ReplayJobs;
import dev.cage.web.security.AuditTrail;
import dev.cage.web.security.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.time.Instant;

/**
 * Replays a node's journal onto a backup folder on this server (admin): {@code POST api/nodes/{server}/replays}
 * starts one and answers it with its id; {@code GET api/nodes/{server}/replays/{id}} tells how far it has come.
 */
@Path("nodes/{server}/replays")
@Produces(MediaType.APPLICATION_JSON)
public class ReplayResource {
    /** The folder (inside the backups base) holds the tree, or the part under {@code path}, as it was at {@code from}. */
    public record ReplayRequest(String path, String folder, String from, String until) {
    }

    @Inject
    ReplayJobs jobs;

    @Inject
    CageAdmin admin;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public ReplayJobs.Job start(@PathParam("server") String server, ReplayRequest request) {
        if (request == null) {
            throw NodeCalls.bad("send {\"path\": \"\", \"folder\": ..., \"from\": ..., \"until\": ...}");
        }
        NodeCalls.known(admin, server);
        String folderName = required(request.folder(), "folder");
        Instant from = NodeCalls.instant(required(request.from(), "from"), "from");
        Instant until = request.until() == null || request.until().isBlank() ? Instant.now() : NodeCalls.instant(request.until(), "until");
        String path = request.path() == null ? "" : request.path().strip();
        String user = security.getUserPrincipal().getName();
        String target = server + ":" + (path.isEmpty() ? "/" : path) + " onto " + folderName + " from " + from + " until " + until;
        java.nio.file.Path folder;
        try {
            folder = ReplayJobs.folder(folderName);
        } catch (IllegalArgumentException | IOException e) {
            audit.record(user, "replay", target, "refused: " + e.getMessage());
            throw NodeCalls.bad(e.getMessage());
        }
        return jobs.start(server, path, folder, folderName, from, until, end -> audit.record(user, "replay", target,
            end.state().equals("done") ? "done: " + end.entriesApplied() + " changes, " + end.bytesWritten() + " bytes"
                : "failed: " + end.message()));
    }

    @GET
    @Path("{id}")
    public ReplayJobs.Job job(@PathParam("id") long id) {
        return jobs.job(id).orElseThrow(() -> new WebApplicationException(
            AccessFilter.error(Response.Status.NOT_FOUND, "no replay " + id)));
    }
}
