package dev.cage.client;

import dev.cage.protocol.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Asks whether a node's port speaks TLS. A node with TLS on closes a plain connection without a word, which looks
 * like any lost connection; this tells the two apart, so the client can say what is wrong instead of retrying.
 * Only a completed handshake counts as yes. The certificate is not checked and nothing is sent after the
 * handshake: the question is which language the port speaks, not whether to trust it.
 */
final class TlsProbe {
    private TlsProbe() {
    }

    /** Whether a TLS handshake with {@code host:port} completes within {@code timeoutMillis}. */
    static boolean speaksTls(String host, int port, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        SslContext anyCertificate;
        try {
            anyCertificate = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            return false; // no TLS here at all: the client cannot tell, and says what it saw instead
        }
        ChannelFuture connected = new Bootstrap()
            .group(ClientLoop.group())
            .channel(Transport.current().socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)))
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(anyCertificate.newHandler(ch.alloc(), host, port), new QuietClose());
                }
            })
            .connect(host, port);
        try {
            if (!connected.awaitUninterruptibly(timeoutMillis) || !connected.isSuccess()) {
                return false;
            }
            Future<Channel> handshake = connected.channel().pipeline().get(SslHandler.class).handshakeFuture();
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            return handshake.awaitUninterruptibly(Math.max(0, left)) && handshake.isSuccess();
        } finally {
            connected.channel().close();
        }
    }

    /** A failed probe is an answer, not an error: closes without Netty's warning about an unhandled exception. */
    private static final class QuietClose extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
