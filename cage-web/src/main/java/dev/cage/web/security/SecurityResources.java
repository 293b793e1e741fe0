package dev.cage.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * The console's users file and audit trail, one of each per application, at the configured places ({@link Singleton}:
 * both are final, thread-safe classes that need no proxy).
 */
@ApplicationScoped
public class SecurityResources {
    /** The system property naming the audit file; by default {@code audit.log} beside the users file. */
    public static final String AUDIT_PROPERTY = "cage.web.audit";

    @Produces
    @Singleton
    ConsoleUsers users() {
        return new ConsoleUsers(ConsoleUsers.defaultFile());
    }

    @Produces
    @Singleton
    AuditTrail audit(ConsoleUsers users) {
        String configured = System.getProperty(AUDIT_PROPERTY);
        Path file = configured != null && !configured.isBlank() ? Path.of(configured)
            : users.file().toAbsolutePath().resolveSibling("audit.log");
        return new AuditTrail(file);
    }
}
