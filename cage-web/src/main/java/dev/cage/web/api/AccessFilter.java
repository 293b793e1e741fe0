package dev.cage.web.api;

import dev.cage.web.security.AuditTrail;
import dev.cage.web.security.ConsoleUsers;
import dev.cage.web.security.Role;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

/**
 * Checks every API call on the server, before its method runs: the caller's current role (read from the users file
 * each time, so a disabled user or a changed role counts at once) against the method's {@link Allowed}, and for every
 * state change (any method but GET, HEAD, OPTIONS) the session's CSRF token in the {@value #CSRF_HEADER} header. A
 * refused state change is audited.
 */
@Provider
public class AccessFilter implements ContainerRequestFilter {
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The session attribute holding the token the login handed out. */
    public static final String CSRF_ATTRIBUTE = "cage.csrf";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest request;

    @Inject
    ConsoleUsers users;

    @Inject
    AuditTrail audit;

    @Override
    public void filter(ContainerRequestContext context) {
        Method method = resource.getResourceMethod();
        if (method == null || method.isAnnotationPresent(Public.class)) {
            return;
        }
        Principal caller = context.getSecurityContext().getUserPrincipal();
        if (caller == null) {
            context.abortWith(error(Response.Status.UNAUTHORIZED, "log in first"));
            return;
        }
        boolean changes = !SAFE_METHODS.contains(context.getMethod());
        String action = context.getMethod() + " " + context.getUriInfo().getPath();
        Role needed = method.isAnnotationPresent(Allowed.class) ? method.getAnnotation(Allowed.class).value() : Role.VIEWER;
        Role role = users.roleOf(caller.getName()).orElse(null);
        if (role == null || !role.allows(needed)) {
            if (changes) {
                audit.record(caller.getName(), action, "", "refused: needs the " + needed.label() + " role");
            }
            context.abortWith(error(Response.Status.FORBIDDEN, "this needs the " + needed.label() + " role"));
            return;
        }
        if (changes && !csrfTokenMatches(context.getHeaderString(CSRF_HEADER))) {
            audit.record(caller.getName(), action, "", "refused: missing or wrong CSRF token");
            context.abortWith(error(Response.Status.FORBIDDEN, "missing or wrong " + CSRF_HEADER + " header"));
        }
    }

    private boolean csrfTokenMatches(String sent) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(CSRF_ATTRIBUTE);
        return sent != null && expected instanceof String token
            && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }
}
