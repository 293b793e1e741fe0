package dev.cage.nio;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;

/** The node's tree as one store; its space is the space of the disk the node's root lies on, asked for each time. */
final class CageFileStore extends FileStore {
    private final CageFileSystem fs;

    CageFileStore(CageFileSystem fs) {
        this.fs = fs;
    }

    @Override
    public String name() {
        return CageFileSystem.key(fs.host(), fs.port());
    }

    @Override
    public String type() {
        return "cage";
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public long getTotalSpace() throws IOException {
        return space().total();
    }

    @Override
    public long getUsableSpace() throws IOException {
        return space().usable();
    }

    @Override
    public long getUnallocatedSpace() throws IOException {
        return space().unallocated();
    }

    private dev.cage.protocol.SpaceInfo space() throws IOException {
        try {
            return fs.cage().space(CageFileSystemSettings.SERVER);
        } catch (dev.cage.protocol.CageException e) {
            throw NioErrors.of(e, fs, null);
        }
    }

    @Override
    public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
        return type == BasicFileAttributeView.class;
    }

    @Override
    public boolean supportsFileAttributeView(String name) {
        return name.equals("basic");
    }

    @Override
    public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
        return null;
    }

    @Override
    public Object getAttribute(String attribute) throws IOException {
        return switch (attribute) {
            case "totalSpace" -> getTotalSpace();
            case "usableSpace" -> getUsableSpace();
            case "unallocatedSpace" -> getUnallocatedSpace();
            default -> throw new UnsupportedOperationException("file store attribute '" + attribute + "'");
        };
    }

    @Override
    public String toString() {
        return fs + " (cage)";
    }
}
