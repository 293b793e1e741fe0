package dev.cage.server;

import dev.cage.protocol.OpenMode;
import java.nio.channels.FileChannel;

/** One open of a file by one session: a handle on the wire. */
record OpenFile(long handle, Session session, FileState file, OpenMode mode, FileChannel channel) {
}
