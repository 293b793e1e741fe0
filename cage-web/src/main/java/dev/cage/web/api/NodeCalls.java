package dev.cage.web.api;

import dev.cage.api.AuthenticationException;
import dev.cage.api.CageFileExistsException;
import dev.cage.api.CageFileNotFoundException;
import dev.cage.api.FileBusyException;
import dev.cage.api.FileLockedException;
import dev.cage.api.InvalidArgumentException;
import dev.cage.api.InvalidPathException;
import dev.cage.api.SharingConflictException;
import dev.cage.api.WrongFileTypeException;
import dev.cage.ejb.CageAdmin;
import dev.cage.ejb.CageAdminException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Calls to the nodes through the beans, and their failures as HTTP answers with the node's message. */
final class NodeCalls {
    private NodeCalls() {
    }

    @FunctionalInterface
    interface Call<T> {
        T run() throws CageAdminException;
    }

    static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (CageAdminException e) {
            throw failure(e);
        }
    }

    /**
     * The HTTP status that says what went wrong: 404 for a missing file or session, 409 for one that exists or is in
     * use, 400 for a path or argument the node refuses, 403 when the console's own login may not, else 502 (the node
     * failed or cannot be reached).
     */
    static WebApplicationException failure(CageAdminException e) {
        Throwable cause = e.getCause();
        Response.Status status;
        if (cause instanceof CageFileNotFoundException) {
            status = Response.Status.NOT_FOUND;
        } else if (cause instanceof CageFileExistsException || cause instanceof SharingConflictException
            || cause instanceof FileBusyException || cause instanceof FileLockedException
            || cause instanceof WrongFileTypeException) {
            status = Response.Status.CONFLICT;
        } else if (cause instanceof InvalidPathException || cause instanceof InvalidArgumentException) {
            status = Response.Status.BAD_REQUEST;
        } else if (cause instanceof AuthenticationException) {
            status = Response.Status.FORBIDDEN;
        } else {
            status = Response.Status.BAD_GATEWAY;
        }
        return new WebApplicationException(AccessFilter.error(status, e.getMessage()));
    }

    /** {@code server} if the console's connection factory names it; else 404. */
    static String known(CageAdmin admin, String server) {
        if (!call(admin::servers).contains(server)) {
            throw new WebApplicationException(AccessFilter.error(Response.Status.NOT_FOUND, "no node named '" + server + "'"));
        }
        return server;
    }

    static WebApplicationException bad(String message) {
        return new WebApplicationException(AccessFilter.error(Response.Status.BAD_REQUEST, message));
    }

    /** An instant like {@code 2026-12-06T10:00:00Z}, or {@code null} for none; 400 if it is not one. */
    static java.time.Instant instant(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw bad(name + " is not an instant like 2026-12-06T10:00:00Z: '" + text + "'");
        }
    }

    static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw bad(name + " is required");
        }
        return value.strip();
    }
}
