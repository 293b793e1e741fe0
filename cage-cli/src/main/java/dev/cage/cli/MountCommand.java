package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.fuse.CageMount;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage mount URI DIR}: a node's directory as a local one, until {@code fusermount -u DIR} or Ctrl-C. */
@Command(name = "mount", description = {
    "Mounts a directory of a node at a local directory through FUSE (needs /dev/fuse and libfuse2), and serves it",
    "until it is unmounted: fusermount -u DIR, or Ctrl-C here. Writes reach the node when a file is closed or synced."})
final class MountCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", converter = CageUri.Converter.class,
        description = "The directory to mount: cage://host:port/path (cage://host:port/ for the root).")
    CageUri source;

    @Parameters(index = "1", paramLabel = "DIR", description = "An existing, empty local directory.")
    Path mountPoint;

    @Option(names = "--page-count", defaultValue = "0", paramLabel = "N", description = {
        "Pages of the client's cache, 64 KiB each (default: ${DEFAULT-VALUE}, none: the kernel caches what a file",
        "reads while it is open; the client's cache speeds up random reads and slows sequential transfers)."})
    int pageCount;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (Cage cage = client.connect(source, Cage.builder().pageCount(pageCount))) {
            cage.stat(source.server(), source.path()); // logs in and checks the directory before mounting
            PrintWriter out = spec.commandLine().getOut();
            out.println("mounted " + source + " at " + mountPoint.toAbsolutePath() + "; unmount with fusermount -u "
                + mountPoint + " (or Ctrl-C)");
            out.flush();
            CageMount.serve(cage, source.server(), source.path(), mountPoint);
        }
        return 0;
    }
}
