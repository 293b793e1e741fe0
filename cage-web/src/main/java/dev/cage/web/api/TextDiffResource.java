package dev.cage.web.api;

import static dev.cage.web.api.NodeCalls.required;

import dev.cage.ejb.CageAdmin;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@code GET api/nodes/{server}/text-diff?path=&from=&to=}: a file as it was at two instants, as text when it is
 * text (UTF-8 without NUL bytes), for the History page to show line by line. Files up to {@value #MAX_BYTES} bytes.
 */
@Path("nodes/{server}/text-diff")
@Produces(MediaType.APPLICATION_JSON)
public class TextDiffResource {
    static final int MAX_BYTES = 512 * 1024;

    /** The file at one instant: whether it existed, its size, and its text ({@code null} if it is not text). */
    public record Version(Instant at, boolean existed, long size, String text) {
    }

    public record TextDiff(String path, Version before, Version after) {
    }

    @Inject
    CageAdmin admin;

    @GET
    public TextDiff diff(@PathParam("server") String server, @QueryParam("path") String path,
                         @QueryParam("from") String from, @QueryParam("to") String to) {
        NodeCalls.known(admin, server);
        String p = required(path, "path");
        Instant t1 = from == null || from.isBlank() ? Instant.EPOCH : NodeCalls.instant(from, "from");
        Instant t2 = to == null || to.isBlank() ? Instant.now() : NodeCalls.instant(to, "to");
        return new TextDiff(p, version(server, p, t1), version(server, p, t2));
    }

    private Version version(String server, String path, Instant at) {
        byte[] bytes = NodeCalls.call(() -> admin.readAsOf(server, path, at, MAX_BYTES));
        return bytes == null ? new Version(at, false, 0, "") : new Version(at, true, bytes.length, text(bytes));
    }

    private static String text(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException binary) {
            return null;
        }
    }
}
