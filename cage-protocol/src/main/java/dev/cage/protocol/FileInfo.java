package dev.cage.protocol;

import io.netty.buffer.ByteBuf;
import java.time.Instant;

/**
 * What {@code stat} and {@code list} report about a file or directory.
 *
 * @param name     the last path element ({@code ""} for the root)
 * @param type     file, directory or other
 * @param size     size in bytes (0 for directories)
 * @param created  creation time, where the file system keeps one, else the modification time
 * @param modified last modification time
 * @param version  changes whenever the file's bytes change; equal versions mean equal bytes
 */
public record FileInfo(String name, FileType type, long size, Instant created, Instant modified, long version) {

    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    public void writeTo(ByteBuf out) {
        Wire.writeString(out, name);
        out.writeByte(type.ordinal());
        out.writeLong(size);
        out.writeLong(created.toEpochMilli());
        out.writeLong(modified.toEpochMilli());
        out.writeLong(version);
    }

    public static FileInfo readFrom(ByteBuf in) throws ProtocolException {
        String name = Wire.readString(in);
        Wire.need(in, 1 + 4 * Long.BYTES);
        FileType type = FileType.of(in.readUnsignedByte());
        long size = in.readLong();
        Instant created = Instant.ofEpochMilli(in.readLong());
        Instant modified = Instant.ofEpochMilli(in.readLong());
        return new FileInfo(name, type, size, created, modified, in.readLong());
    }
}
