package dev.cage.cli;

import dev.cage.client.Cage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cage rmdir URI}: Removes an empty directory from a node. */
@Command(name = "rmdir", description = "Removes an empty directory from a node.")
final class RmdirCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "The directory: cage://host:port/path.")
    CageUri uri;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws IOException {
        try (Cage cage = client.connect(uri)) {
            cage.rmdir(uri.server(), uri.path());
        }
        return 0;
    }
}
