package dev.cage.web.api;

import static dev.cage.web.api.NodeCalls.required;

import dev.cage.api.UserInfo;
import dev.cage.ejb.CageAdmin;
import dev.cage.web.security.AuditTrail;
import dev.cage.web.security.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * A node's users (who may log in to the node itself, not to the console): list them (viewer); add one or reset its
 * secret, disable or enable it (admin). The node makes a new secret and the console shows it once; it is never
 * audited or logged.
 */
@Path("nodes/{server}/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
    public record PutUser(String name, boolean admin) {
    }

    public record NewSecret(String name, String secret) {
    }

    public record Enable(boolean enabled) {
    }

    @Inject
    CageAdmin admin;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext security;

    @PathParam("server")
    String server;

    @GET
    public List<UserInfo> list() {
        return NodeCalls.call(() -> admin.users(NodeCalls.known(admin, server)));
    }

    /** Adds a user, or gives an existing one a new secret and this role. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response put(PutUser request) {
        String name = required(request == null ? null : request.name(), "name");
        NodeCalls.known(admin, server);
        String user = security.getUserPrincipal().getName();
        String target = server + ": user " + name + (request.admin() ? " (admin)" : "");
        String secret = AuditedChange.run(audit, user, "set a new secret", target,
            () -> admin.putUser(server, name, request.admin()));
        // The secret is in this answer only: no cache may keep it.
        return Response.ok(new NewSecret(name, secret)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("{name}/enable")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response enable(@PathParam("name") String name, Enable request) {
        boolean enabled = request != null && request.enabled();
        NodeCalls.known(admin, server);
        String user = security.getUserPrincipal().getName();
        String action = enabled ? "enable user" : "disable user";
        AuditedChange.run(audit, user, action, server + ": " + name, () -> {
            admin.setUserEnabled(server, name, enabled);
            return null;
        });
        return Response.noContent().build();
    }
}
