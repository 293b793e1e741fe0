package dev.cage.api;

import java.time.Instant;

/**
 * What {@link CageConnection#stat} and {@link CageConnection#list} report about a file or directory.
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
}
