package dev.cage.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A heap allocator that keeps every buffer it hands out and checks each array it allocates against a budget the
 * test sets as bytes arrive, so a fuzz test sees the very allocation that went too far, and at the end whether
 * every buffer was released. It also remembers the largest array it created, initial or grown: on an
 * {@code EmbeddedChannel} that proves a decoder never allocated room for what a peer merely declared.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    /** Whether an allocation of {@code size} bytes is acceptable right now. */
    @FunctionalInterface
    interface Budget {
        boolean allows(int size);
    }

    private final List<ByteBuf> handedOut = new ArrayList<>();
    private Budget budget = size -> true;
    private String overBudget;
    private int largest;

    TrackingAllocator() {
        super(false);
    }

    void budget(Budget b) {
        this.budget = b;
    }

    /** The first allocation the budget refused, described, or {@code null}. */
    String overBudget() {
        return overBudget;
    }

    /** The largest byte array any buffer from this allocator has held. */
    int largestAllocation() {
        return largest;
    }

    /** Buffers from this allocator that still hold a reference. */
    List<ByteBuf> unreleased() {
        return handedOut.stream().filter(b -> b.refCnt() > 0).toList();
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity) {
            @Override
            protected byte[] allocateArray(int size) {
                largest = Math.max(largest, size);
                if (overBudget == null && !budget.allows(size)) {
                    overBudget = "an array of " + size + " bytes";
                }
                return super.allocateArray(size);
            }
        };
        handedOut.add(b);
        return b;
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
