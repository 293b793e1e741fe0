package dev.cage.bench;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import dev.cage.fuse.CageMount;
import dev.cage.server.CageNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cage mounted through FUSE with {@code cage mount}'s settings (by default a client without page cache; see
 * {@code --mount-pages}), on a node set up as the Cage column's, in this process.
 */
final class MountColumn extends MountedColumn {
    private static final String SERVER = "bench";
    private final CageNode node;
    private final Cage cage;
    private final CageMount mount;
    private final int pages;

    MountColumn(Path root, Path dataDir, Path mountPoint, int pages) throws IOException {
        super("mount", Targets.CAGE_MOUNT);
        String why = CageMount.unavailableReason();
        if (why != null) {
            throw new IllegalStateException("the mount column needs FUSE: " + why);
        }
        this.pages = pages;
        node = CageColumn.startNode(root, dataDir);
        try {
            cage = Cage.builder().name("bench-mount").pageCount(pages)
                .server(SERVER, new ServerSpec("127.0.0.1", node.port(), "admin", CageColumn.adminSecret(node))).build();
            mount = CageMount.mount(cage, SERVER, "", Files.createDirectories(mountPoint));
            mounted(mountPoint);
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    @Override
    public String notes() {
        return "cage mount (jnr-fuse, libfuse2) of a node set up as the Cage column's, client with " + pages
            + " pages of 64 KiB; the local NIO column's calls on the mount point";
    }

    @Override
    public void close() {
        try {
            mount.close();
            cage.close();
        } finally {
            node.close();
        }
    }
}
