package dev.cage.web.api;

import static dev.cage.web.api.NodeCalls.bad;
import static dev.cage.web.api.NodeCalls.required;

import dev.cage.api.CageJournal;
import dev.cage.api.NodeInfo;
import dev.cage.api.SessionInfo;
import dev.cage.ejb.CageAdmin;
import dev.cage.ejb.CageAdminException;
import dev.cage.web.live.NodeSample;
import dev.cage.web.live.Sampler;
import dev.cage.web.security.AuditTrail;
import dev.cage.web.security.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The nodes behind the console's connection factory: their facts, live sessions and journals, and rolling a file
 * or subtree back to an instant (admin only, audited, with a preview of what it will undo).
 */
@Path("nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {
    /** A node as the overview shows it: its facts when it answers, else since when it has not. */
    public record NodeView(String server, boolean up, Instant downSince, String error, NodeInfo info,
                           CageJournal.Summary journal) {
    }

    /** What a rollback request says: the file (or with {@code subtree}, the directory) and the instant. */
    public record RollbackRequest(String path, boolean subtree, String to) {
    }

    public record RollbackResult(int undone) {
    }

    @Inject
    CageAdmin admin;

    @Inject
    Sampler sampler;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext security;

    @GET
    public List<NodeView> nodes() {
        List<NodeView> views = new ArrayList<>();
        for (String server : servers()) {
            Optional<Instant> down = sampler.downSince(server);
            if (down.isPresent()) {
                // The sampler keeps asking it; waiting here for it to time out again would only delay the page.
                String why = sampler.newest(server).map(NodeSample::error).orElse("no answer");
                views.add(new NodeView(server, false, down.get(), why, null, null));
                continue;
            }
            try {
                NodeInfo info = admin.node(server);
                views.add(new NodeView(server, true, null, null, info, info.journal() ? admin.journalStats(server) : null));
            } catch (CageAdminException e) {
                views.add(new NodeView(server, false, sampler.downSince(server).orElse(Instant.now()), e.getMessage(), null, null));
            }
        }
        return views;
    }

    /** The node's replicated group as it sees it: leader, term, every member's role, commit index and lag. */
    @GET
    @Path("{server}/group")
    public dev.cage.api.GroupInfo group(@PathParam("server") String server) {
        return NodeCalls.call(() -> admin.group(known(server)));
    }

    @GET
    @Path("{server}/sessions")
    public List<SessionInfo> sessions(@PathParam("server") String server) {
        return NodeCalls.call(() -> admin.sessions(known(server)));
    }

    /** Why an operator ends a session; the session's client is told. */
    public record EndSessionRequest(String reason) {
    }

    /** Ends a live session: its client's next call fails, saying who ended it and why. */
    @POST
    @Path("{server}/sessions/{id}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response endSession(@PathParam("server") String server, @PathParam("id") long id, EndSessionRequest request) {
        String user = security.getUserPrincipal().getName();
        String reason = "from the console by " + user
            + (request == null || request.reason() == null || request.reason().isBlank() ? "" : ": " + request.reason().strip());
        String target = known(server) + ": session " + id;
        AuditedChange.run(audit, user, "end session", target, () -> {
            admin.endSession(server, id, reason);
            return null;
        });
        return Response.noContent().build();
    }

    /** The journal entries about a file (or a subtree) between two instants, oldest first. */
    @GET
    @Path("{server}/history")
    public List<HistoryEntry> history(@PathParam("server") String server, @QueryParam("path") @DefaultValue("") String path,
                                      @QueryParam("subtree") boolean subtree, @QueryParam("from") String from,
                                      @QueryParam("to") String to) {
        return entries(known(server), path, subtree, NodeCalls.instant(from, "from"), NodeCalls.instant(to, "to"));
    }

    /** What a rollback to {@code to} would undo: the changes of the path since then, oldest first. */
    @GET
    @Path("{server}/rollback-preview")
    public List<HistoryEntry> rollbackPreview(@PathParam("server") String server, @QueryParam("path") String path,
                                              @QueryParam("subtree") boolean subtree, @QueryParam("to") String to) {
        List<HistoryEntry> all = entries(known(server), required(path, "path"), subtree, requiredInstant(to, "to"), null);
        return all.stream().filter(HistoryEntry::isChange).toList();
    }

    @POST
    @Path("{server}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public RollbackResult rollback(@PathParam("server") String server, RollbackRequest request) {
        if (request == null) {
            throw bad("send {\"path\": ..., \"subtree\": false, \"to\": \"2026-12-06T10:00:00Z\"}");
        }
        String path = required(request.path(), "path");
        Instant to = requiredInstant(request.to(), "to");
        String target = known(server) + ":" + path + (request.subtree() ? " (subtree)" : "") + " to " + to;
        String user = security.getUserPrincipal().getName();
        int undone = AuditedChange.run(audit, user, "roll back", target,
            () -> admin.rollback(server, path, request.subtree(), to), n -> "done: " + n + " journal entries undone");
        return new RollbackResult(undone);
    }

    private List<HistoryEntry> entries(String server, String path, boolean subtree, Instant from, Instant to) {
        List<HistoryEntry> out = new ArrayList<>();
        for (var e : NodeCalls.call(() -> admin.history(server, path, from, to))) {
            HistoryEntry entry = HistoryEntry.of(e);
            if (entry.concerns(path, subtree)) {
                out.add(entry);
            }
        }
        return out;
    }

    private List<String> servers() {
        return NodeCalls.call(admin::servers);
    }

    private String known(String server) {
        return NodeCalls.known(admin, server);
    }

    private static Instant requiredInstant(String text, String name) {
        return NodeCalls.instant(required(text, name), name);
    }

}
