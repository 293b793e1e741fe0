package dev.cage.web.api;

import dev.cage.web.live.LiveStreams;
import dev.cage.web.live.Sampler;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET api/events}: the live stream (Server-Sent Events). One {@code tick} event a second with every node's
 * rates, each with an id; a new stream starts with the last 15 minutes, and one that sends {@code Last-Event-ID}
 * (as a browser's EventSource does when it reconnects) gets exactly the ticks after it.
 */
@Path("events")
public class EventsResource {
    @Inject
    Sampler sampler;

    @Inject
    LiveStreams streams;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void open(@Context SseEventSink sink, @Context Sse sse,
                     @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId) {
        streams.open(sampler.log(), parse(lastEventId), sink, sse);
    }

    private static long parse(String lastEventId) {
        try {
            return lastEventId == null ? -1 : Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
