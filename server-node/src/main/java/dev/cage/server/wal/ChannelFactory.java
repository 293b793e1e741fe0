package dev.cage.server.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens the log's files. The seam through which tests put a real disk's failures (a full disk, a force that hangs)
 * under the log without mocking it; the node uses {@link #DEFAULT}.
 */
@FunctionalInterface
interface ChannelFactory {
    ChannelFactory DEFAULT = (file, options) -> FileChannel.open(file, options);

    FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException;
}
