package dev.cage.example;

import dev.cage.api.CageFileNotFoundException;
import dev.cage.api.InvalidPathException;
import dev.cage.ejb.DocumentException;
import dev.cage.ejb.DocumentStore;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code PUT /api/documents/{name}} stores the request body as document {@code name} (in one container-managed
 * transaction: all of it or none of it); {@code GET} returns it byte for byte.
 */
@Path("documents/{name}")
public class DocumentsResource {
    @EJB
    DocumentStore documents;

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public Response put(@PathParam("name") String name, byte[] content) {
        try {
            documents.put(name, content);
            return Response.ok("stored " + content.length + " bytes as '" + name + "'\n").build();
        } catch (DocumentException e) {
            return failure(e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response get(@PathParam("name") String name) {
        try {
            return Response.ok(documents.get(name)).build();
        } catch (DocumentException e) {
            return failure(e);
        }
    }

    private static Response failure(DocumentException e) {
        Response.Status status = e.getCause() instanceof CageFileNotFoundException ? Response.Status.NOT_FOUND
            : e.getCause() instanceof InvalidPathException ? Response.Status.BAD_REQUEST
            : Response.Status.INTERNAL_SERVER_ERROR;
        return Response.status(status).type(MediaType.TEXT_PLAIN).entity(e.getMessage() + "\n").build();
    }
}
