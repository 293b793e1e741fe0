package dev.cage.cli;

import dev.cage.client.Cage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cage rm URI}: Removes a file from a node (directories: use rmdir). */
@Command(name = "rm", description = "Removes a file from a node (directories: use rmdir).")
final class RmCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "The file: cage://host:port/path.")
    CageUri uri;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws IOException {
        try (Cage cage = client.connect(uri)) {
            cage.remove(uri.server(), uri.path());
        }
        return 0;
    }
}
