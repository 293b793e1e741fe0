package dev.cage.bench.micro;

import dev.cage.protocol.Buffers;
import dev.cage.protocol.Frame;
import dev.cage.protocol.FrameDecoder;
import dev.cage.protocol.FrameEncoder;
import dev.cage.protocol.Opcode;
import dev.cage.protocol.message.WriteRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A WRITE request through the codec as a client sends it and a node receives it: encoded into a pooled buffer of its
 * size, framed by {@link FrameEncoder}, cut out again by {@link FrameDecoder} (fed in 64 KiB pieces, as a socket
 * delivers a large frame), and released. Run with {@code -prof gc} to see the bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {
    @Param({"4096", "1048576"})
    int size;

    private byte[] data;
    private EmbeddedChannel out;
    private EmbeddedChannel in;

    @Setup(Level.Trial)
    public void setUp() {
        data = new byte[size];
        out = new EmbeddedChannel(FrameEncoder.INSTANCE);
        in = new EmbeddedChannel(new FrameDecoder(16 << 20));
        out.config().setAllocator(Buffers.ALLOCATOR);
        in.config().setAllocator(Buffers.ALLOCATOR);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.finishAndReleaseAll();
        in.finishAndReleaseAll();
    }

    @Benchmark
    public int writeFrameRoundTrip() {
        WriteRequest request = new WriteRequest(7, 0, Unpooled.wrappedBuffer(data));
        ByteBuf body = Buffers.ALLOCATOR.buffer(request.sizeHint());
        request.encode(body);
        out.writeOutbound(new Frame(Opcode.WRITE, 1, body));
        for (ByteBuf piece; (piece = out.readOutbound()) != null; ) {
            while (piece.readableBytes() > 65536) {
                in.writeInbound(piece.readRetainedSlice(65536));
            }
            in.writeInbound(piece);
        }
        Frame f = in.readInbound();
        int n = f.body().readableBytes();
        f.release();
        return n;
    }
}
