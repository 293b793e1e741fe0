package dev.cage.api;

/**
 * One open channel (an open file) of a session, as {@link CageNodeAdmin#sessions()} reports it.
 *
 * @param handle  the channel's handle (unique on the node)
 * @param path    the file's path relative to the root, as it is now (it follows renames)
 * @param mode    how the channel opened the file
 * @param fileId  names the file itself, stable across renames
 * @param version the file's current version
 * @param size    the file's current size in bytes, or -1 if it could not be read (the channel closed meanwhile)
 */
public record ChannelInfo(long handle, String path, OpenMode mode, long fileId, long version, long size) {
}
