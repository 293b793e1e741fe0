package dev.cage.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * A heap allocator that remembers the largest array it ever created, initial or grown. Put it on an
 * {@code EmbeddedChannel} to prove a decoder never allocated room for what a peer merely declared.
 */
final class CountingAllocator extends AbstractByteBufAllocator {
    private int largest;

    CountingAllocator() {
        super(false);
    }

    /** The largest byte array any buffer from this allocator has held. */
    int largestAllocation() {
        return largest;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity) {
            @Override
            protected byte[] allocateArray(int size) {
                largest = Math.max(largest, size);
                return super.allocateArray(size);
            }
        };
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }
}
