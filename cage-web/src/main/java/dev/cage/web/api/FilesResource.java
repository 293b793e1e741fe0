package dev.cage.web.api;

import static dev.cage.web.api.NodeCalls.required;

import dev.cage.api.FileInfo;
import dev.cage.ejb.CageAdmin;
import dev.cage.ejb.CageAdminException;
import dev.cage.ejb.FileBrowser;
import dev.cage.web.security.AuditTrail;
import dev.cage.web.security.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * A node's tree: list and stat (viewer), download (viewer), and the changes an operator may make: upload, make a
 * directory, rename, remove. Every change is audited with its outcome.
 */
@Path("nodes/{server}/files")
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {
    /** A directory's entries, directories first, then by name. */
    public record Listing(String path, List<FileInfo> entries) {
    }

    public record PathRequest(String path) {
    }

    public record RenameRequest(String from, String to) {
    }

    public record Uploaded(String path, long bytes) {
    }

    @Inject
    CageAdmin admin;

    @Inject
    FileBrowser files;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext security;

    @PathParam("server")
    String server;

    @GET
    public Listing list(@QueryParam("path") @DefaultValue("") String path) {
        List<FileInfo> entries = NodeCalls.call(() -> files.list(known(), path)).stream()
            .sorted(Comparator.comparing((FileInfo f) -> !f.isDirectory()).thenComparing(FileInfo::name)).toList();
        return new Listing(path, entries);
    }

    @GET
    @Path("stat")
    public FileInfo stat(@QueryParam("path") String path) {
        return NodeCalls.call(() -> files.stat(known(), required(path, "path")));
    }

    @GET
    @Path("download")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response download(@QueryParam("path") String path) {
        String p = required(path, "path");
        FileInfo info = stat(p); // a missing file is a 404 here, before any byte is sent
        StreamingOutput body = out -> {
            try {
                files.download(server, p, out);
            } catch (CageAdminException e) {
                throw new IOException("download of " + p + " failed: " + e.getMessage(), e);
            }
        };
        String name = info.name().isEmpty() ? "download" : info.name();
        return Response.ok(body).header("Content-Length", info.size())
            .header("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20")).build();
    }

    @PUT
    @Path("upload")
    @Consumes(MediaType.WILDCARD)
    @Allowed(Role.OPERATOR)
    public Uploaded upload(@QueryParam("path") String path, InputStream body) {
        String p = required(path, "path");
        return change("upload", p, () -> new Uploaded(p, files.upload(known(), p, body)));
    }

    @POST
    @Path("mkdir")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response mkdir(PathRequest request) {
        String p = required(request == null ? null : request.path(), "path");
        change("make directory", p, () -> {
            files.mkdir(known(), p);
            return null;
        });
        return Response.noContent().build();
    }

    @POST
    @Path("rename")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response rename(RenameRequest request) {
        String from = required(request == null ? null : request.from(), "from");
        String to = required(request.to(), "to");
        change("rename", from + " to " + to, () -> {
            files.rename(known(), from, to);
            return null;
        });
        return Response.noContent().build();
    }

    @POST
    @Path("remove")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response remove(PathRequest request) {
        String p = required(request == null ? null : request.path(), "path");
        change("remove", p, () -> {
            files.remove(known(), p);
            return null;
        });
        return Response.noContent().build();
    }

    /** Runs a change of this node's tree and audits how it ended. */
    private <T> T change(String action, String target, AuditedChange.Change<T> change) {
        return AuditedChange.run(audit, security.getUserPrincipal().getName(), action, server + ":" + target, change);
    }

    private String known() {
        return NodeCalls.known(admin, server);
    }
}
