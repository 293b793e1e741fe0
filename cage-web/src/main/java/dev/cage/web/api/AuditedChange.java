package dev.cage.web.api;

import dev.cage.ejb.CageAdminException;
import dev.cage.web.security.AuditTrail;
import java.io.IOException;
import java.util.function.Function;

/**
 * A change asked of a node, audited with how it ended: done (as {@code done} words it), or failed with the node's
 * message, which then answers the call as {@link NodeCalls#failure} says. The one way every resource changes a node.
 */
final class AuditedChange {
    private AuditedChange() {
    }

    @FunctionalInterface
    interface Change<T> {
        T run() throws CageAdminException, IOException;
    }

    static <T> T run(AuditTrail audit, String user, String action, String target, Change<T> change) {
        return run(audit, user, action, target, change, result -> "done");
    }

    static <T> T run(AuditTrail audit, String user, String action, String target, Change<T> change,
                     Function<T, String> done) {
        try {
            T result = change.run();
            audit.record(user, action, target, done.apply(result));
            return result;
        } catch (CageAdminException e) {
            audit.record(user, action, target, "failed: " + e.getMessage());
            throw NodeCalls.failure(e);
        } catch (IOException e) {
            // Only a stream a caller hands in fails this way: the upload's body.
            audit.record(user, action, target, "failed: " + e.getMessage());
            throw NodeCalls.bad("the upload broke off: " + e.getMessage());
        }
    }
}
