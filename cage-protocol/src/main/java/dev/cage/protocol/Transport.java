package dev.cage.protocol;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The socket transport of every Cage connection: Netty's native epoll on Linux, where each wake-up and each read or
 * write costs fewer system calls and no selector bookkeeping (see the README's data-path section for what it saves),
 * and Java's NIO elsewhere, or when the system property {@value #NIO_PROPERTY} is {@code true}.
 */
public enum Transport {
    EPOLL, NIO;

    /** Set to {@code true} to use NIO even where epoll is available (to compare, or to rule the native code out). */
    public static final String NIO_PROPERTY = "cage.transport.nio";

    private static final Transport CHOSEN = !Boolean.getBoolean(NIO_PROPERTY) && Epoll.isAvailable() ? EPOLL : NIO;

    /** The transport this process uses. */
    public static Transport current() {
        return CHOSEN;
    }

    /** Event loops of this transport; {@code threads} 0 means Netty's default (twice the cores). */
    public EventLoopGroup eventLoops(int threads, ThreadFactory factory) {
        return this == EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
