package dev.cage.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** Checks a console login against {@link ConsoleUsers}; the user's role becomes its one group. */
@ApplicationScoped
public class ConsoleIdentityStore implements IdentityStore {
    @Inject
    ConsoleUsers users;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return users.check(credential.getCaller(), credential.getPasswordAsString())
            .map(u -> new CredentialValidationResult(u.name(), Set.of(u.role().label())))
            .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
