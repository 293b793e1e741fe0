package dev.cage.nio;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;

/** The {@code basic} view of a path: read from the node when asked (the view itself holds nothing). */
final class CageFileAttributeView implements BasicFileAttributeView {
    private final CagePath path;

    CageFileAttributeView(CagePath path) {
        this.path = path;
    }

    @Override
    public String name() {
        return "basic";
    }

    @Override
    public CageFileAttributes readAttributes() throws IOException {
        return path.getFileSystem().provider().readAttributes(path, CageFileAttributes.class);
    }

    /** Not supported: the node sets a file's times itself, from its own clock (all nulls change nothing). */
    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) {
        if (lastModifiedTime == null && lastAccessTime == null && createTime == null) {
            return;
        }
        throw new UnsupportedOperationException("a node sets file times itself");
    }
}
