package dev.cage.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's login (Jakarta Security): {@code POST api/login} with the form fields {@code user} and
 * {@code password} logs in and starts an HTTP session, which later requests ride ({@link AutoApplySession}); any
 * other request to a protected address without a session gets 401, which the pages answer with their login form.
 * Every refused login is audited.
 */
@ApplicationScoped
@AutoApplySession
public class ConsoleAuthentication implements HttpAuthenticationMechanism {
    static final String LOGIN_PATH = "/api/login";

    @Inject
    IdentityStoreHandler identities;

    @Inject
    AuditTrail audit;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (isLogin(request)) {
            String user = request.getParameter("user");
            String password = request.getParameter("password");
            if (user != null && password != null) {
                CredentialValidationResult result = identities.validate(new UsernamePasswordCredential(user, password));
                if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                    if (request.getSession(false) != null) {
                        request.changeSessionId(); // no session fixation: a new id once logged in
                    }
                    return context.notifyContainerAboutLogin(result);
                }
            }
            audit.record(user == null ? "" : user, "log in", "", "refused: wrong user name or password");
            return context.responseUnauthorized();
        }
        return context.isProtected() ? context.responseUnauthorized() : context.doNothing();
    }

    private static boolean isLogin(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
            && (request.getContextPath() + LOGIN_PATH).equals(request.getRequestURI());
    }
}
