package dev.cage.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The space of the disk a node's root lies on, as {@code STATFS} reports it (what {@code df} shows).
 *
 * @param total       the disk's size in bytes
 * @param usable      bytes the node may still write
 * @param unallocated bytes no file holds (more than {@code usable} where the disk keeps a reserve)
 */
public record SpaceInfo(long total, long usable, long unallocated) {

    public void writeTo(ByteBuf out) {
        out.writeLong(total);
        out.writeLong(usable);
        out.writeLong(unallocated);
    }

    public static SpaceInfo readFrom(ByteBuf in) throws ProtocolException {
        Wire.need(in, 3 * Long.BYTES);
        return new SpaceInfo(in.readLong(), in.readLong(), in.readLong());
    }
}
