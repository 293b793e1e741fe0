package dev.cage.web.api;

import dev.cage.web.security.AuditTrail;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET api/audit}: the newest entries of the audit trail, newest first. */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject
    AuditTrail audit;

    @GET
    public List<AuditTrail.Entry> newest(@QueryParam("limit") @DefaultValue("500") int limit) {
        return audit.newest(Math.max(1, Math.min(limit, 10_000)));
    }
}
