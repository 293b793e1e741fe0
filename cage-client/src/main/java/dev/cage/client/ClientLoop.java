package dev.cage.client;

import dev.cage.protocol.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The event loops every {@link Cage} in the process shares; daemon threads, so they never keep a JVM alive. */
final class ClientLoop {
    private static volatile EventLoopGroup group;

    private ClientLoop() {
    }

    static EventLoopGroup group() {
        EventLoopGroup g = group;
        if (g == null) {
            synchronized (ClientLoop.class) {
                g = group;
                if (g == null) {
                    group = g = Transport.current().eventLoops(0, new DefaultThreadFactory("cage-client", true));
                }
            }
        }
        return g;
    }
}
