package dev.cage.protocol;

import io.netty.buffer.ByteBuf;

/**
 * One open channel of a session, as the node reports it to an admin client.
 *
 * @param handle  the channel's handle on the wire (unique on the node)
 * @param path    the file's path relative to the root, as it is now (it follows renames)
 * @param mode    how the channel opened the file
 * @param fileId  names the file itself, stable across renames
 * @param version the file's current version
 * @param size    the file's current size in bytes, or -1 if it could not be read (the channel closed meanwhile)
 */
public record ChannelInfo(long handle, String path, OpenMode mode, long fileId, long version, long size) {

    public void writeTo(ByteBuf out) {
        out.writeLong(handle);
        Wire.writeString(out, path);
        out.writeByte(mode.code());
        out.writeLong(fileId).writeLong(version).writeLong(size);
    }

    public static ChannelInfo readFrom(ByteBuf in) throws ProtocolException {
        long handle = Wire.readLong(in);
        String path = Wire.readString(in);
        OpenMode mode = OpenMode.of(Wire.readUnsignedByte(in));
        Wire.need(in, 3 * Long.BYTES);
        return new ChannelInfo(handle, path, mode, in.readLong(), in.readLong(), in.readLong());
    }

    /** The most bytes this entry takes on the wire, to know whether it still fits in a reply. */
    public int wireSize() {
        return 35 + path.length() * 3;
    }
}
