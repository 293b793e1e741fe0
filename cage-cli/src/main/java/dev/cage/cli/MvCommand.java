package dev.cage.cli;

import dev.cage.client.Cage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cage mv URI TARGET}: renames a file or directory within one node. */
@Command(name = "mv", description = {
    "Renames or moves a file or directory within one node; the target must not exist.",
    "TARGET is a path from the node's root (a leading '/' is allowed) or a cage:// URI on the same node."})
final class MvCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", converter = CageUri.Converter.class,
        description = "What to move: cage://host:port/path.")
    CageUri from;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new path, or a cage:// URI on the same node.")
    String to;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws IOException {
        String target = targetPath();
        try (Cage cage = client.connect(from)) {
            cage.rename(from.server(), from.path(), target);
        }
        return 0;
    }

    private String targetPath() {
        if (to.regionMatches(true, 0, CageUri.SCHEME, 0, CageUri.SCHEME.length())) {
            CageUri uri;
            try {
                uri = CageUri.parse(to);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (!uri.sameServer(from)) {
                throw new UsageException("mv works within one node, but " + from.server() + " and " + uri.server()
                    + " differ; use get and put");
            }
            return uri.path();
        }
        // URIs write the root as '/', so people will too; the node wants paths relative to its root.
        return to.replaceFirst("^/+", "");
    }
}
