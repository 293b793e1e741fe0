package dev.cage.web.api;

import dev.cage.web.security.AuditTrail;
import dev.cage.web.security.ConsoleUsers;
import dev.cage.web.security.Role;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Logging in and out, and who is logged in. The password itself is checked before this runs
 * ({@link dev.cage.web.security.ConsoleAuthentication}); here the session gets its CSRF token, which every later
 * state change must send back in a header.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class LoginResource {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who is logged in, with the role and the token the pages send with every state change. */
    public record Me(String user, String role, String csrfToken) {
    }

    @Context
    HttpServletRequest request;

    @Inject
    ConsoleUsers users;

    @Inject
    AuditTrail audit;

    @POST
    @Path("login")
    @Public
    public Response login() {
        Principal caller = request.getUserPrincipal();
        if (caller == null) {
            return AccessFilter.error(Response.Status.UNAUTHORIZED, "wrong user name or password");
        }
        audit.record(caller.getName(), "log in", "", "done");
        return Response.ok(me(caller)).build();
    }

    @GET
    @Path("me")
    public Me me() {
        return me(request.getUserPrincipal());
    }

    @POST
    @Path("logout")
    public Response logout() throws ServletException {
        String user = request.getUserPrincipal().getName();
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        audit.record(user, "log out", "", "done");
        return Response.noContent().build();
    }

    private Me me(Principal caller) {
        HttpSession session = request.getSession(true);
        String token = (String) session.getAttribute(AccessFilter.CSRF_ATTRIBUTE);
        if (token == null) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(AccessFilter.CSRF_ATTRIBUTE, token);
        }
        String role = users.roleOf(caller.getName()).map(Role::label).orElse("none");
        return new Me(caller.getName(), role, token);
    }
}
