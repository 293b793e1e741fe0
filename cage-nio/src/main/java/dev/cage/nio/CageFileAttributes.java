package dev.cage.nio;

import dev.cage.protocol.FileInfo;
import dev.cage.protocol.FileType;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file's basic attributes as the node reports them. The node keeps no access time (it reads as the modification
 * time), shows no symbolic links, and has no file key to offer.
 */
record CageFileAttributes(FileInfo info) implements BasicFileAttributes {

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(info.modified());
    }

    @Override
    public FileTime lastAccessTime() {
        return lastModifiedTime();
    }

    @Override
    public FileTime creationTime() {
        return FileTime.from(info.created());
    }

    @Override
    public boolean isRegularFile() {
        return info.type() == FileType.FILE;
    }

    @Override
    public boolean isDirectory() {
        return info.type() == FileType.DIRECTORY;
    }

    @Override
    public boolean isSymbolicLink() {
        return false;
    }

    @Override
    public boolean isOther() {
        return !isRegularFile() && !isDirectory();
    }

    @Override
    public long size() {
        return info.size();
    }

    @Override
    public Object fileKey() {
        return null;
    }

    /** The {@code basic} view's attributes by name, as {@code Files.readAttributes(path, "basic:*")} returns them. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lastModifiedTime", lastModifiedTime());
        m.put("lastAccessTime", lastAccessTime());
        m.put("creationTime", creationTime());
        m.put("size", size());
        m.put("isRegularFile", isRegularFile());
        m.put("isDirectory", isDirectory());
        m.put("isSymbolicLink", isSymbolicLink());
        m.put("isOther", isOther());
        m.put("fileKey", fileKey());
        return m;
    }
}
