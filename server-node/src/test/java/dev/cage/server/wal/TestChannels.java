package dev.cage.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real files, with a disk's failures put under them: a quota on the bytes written after which writes fail as a full
 * disk fails them (the write that crosses it is partial, the next throws "No space left on device"), forces that
 * fail, and forces held at a gate until a test lets them go.
 */
final class TestChannels implements ChannelFactory {
    private final AtomicLong written = new AtomicLong();
    private volatile long quota = Long.MAX_VALUE;
    private volatile boolean failForces;
    private volatile CountDownLatch forceGate;
    private final AtomicInteger forcesHeld = new AtomicInteger();
    private final Map<String, AtomicInteger> forcesByThread = new ConcurrentHashMap<>();

    @Override
    public FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        return new Channel(FileChannel.open(file, options));
    }

    /** From now on, at most {@code bytes} more bytes can be written. */
    void diskFullAfter(long bytes) {
        quota = written.get() + bytes;
    }

    void failForces() {
        failForces = true;
    }

    /** Forces from now on wait (inside force) until {@link #releaseForces()}. */
    void holdForces() {
        forceGate = new CountDownLatch(1);
    }

    void releaseForces() {
        CountDownLatch gate = forceGate;
        forceGate = null;
        gate.countDown();
    }

    /** How many forces each thread (by name) has made. */
    Map<String, Integer> forcesByThread() {
        Map<String, Integer> copy = new TreeMap<>();
        forcesByThread.forEach((thread, n) -> copy.put(thread, n.get()));
        return copy;
    }

    /** Forces waiting at the gate now. */
    int forcesHeld() {
        return forcesHeld.get();
    }

    private final class Channel extends FileChannel {
        private final FileChannel delegate;

        Channel(FileChannel delegate) {
            this.delegate = delegate;
        }

        /** How many of {@code wanted} bytes the disk still takes; throws as a full disk does when none. */
        private long room(long wanted) throws IOException {
            long left = quota - written.get();
            if (wanted > 0 && left <= 0) {
                throw new IOException("No space left on device");
            }
            return Math.min(wanted, left);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int allowed = (int) room(src.remaining());
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + allowed);
            int n = delegate.write(part);
            src.position(src.position() + n);
            written.addAndGet(n);
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long wanted = 0;
            for (int i = offset; i < offset + length; i++) {
                wanted += srcs[i].remaining();
            }
            long allowed = room(wanted);
            if (allowed == wanted) {
                long n = delegate.write(srcs, offset, length);
                written.addAndGet(n);
                return n;
            }
            long total = 0;
            for (int i = offset; i < offset + length && total < allowed; i++) {
                ByteBuffer part = srcs[i].duplicate();
                part.limit(part.position() + (int) Math.min(part.remaining(), allowed - total));
                int n = delegate.write(part);
                srcs[i].position(srcs[i].position() + n);
                total += n;
            }
            written.addAndGet(total);
            return total;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int allowed = (int) room(src.remaining());
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + allowed);
            int n = delegate.write(part, position);
            src.position(src.position() + n);
            written.addAndGet(n);
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            CountDownLatch gate = forceGate;
            if (gate != null) {
                forcesHeld.incrementAndGet();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while held", e);
                } finally {
                    forcesHeld.decrementAndGet();
                }
            }
            if (failForces) {
                throw new IOException("Input/output error");
            }
            delegate.force(metaData);
            forcesByThread.computeIfAbsent(Thread.currentThread().getName(), t -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException("not used by the log");
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("not used by the log");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("not used by the log");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException("not used by the log");
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException("not used by the log");
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
