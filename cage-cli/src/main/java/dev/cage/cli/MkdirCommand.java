package dev.cage.cli;

import dev.cage.client.Cage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cage mkdir URI}: Creates a directory on a node; its parent must exist. */
@Command(name = "mkdir", description = "Creates a directory on a node; its parent must exist.")
final class MkdirCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class, description = "The new directory: cage://host:port/path.")
    CageUri uri;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws IOException {
        try (Cage cage = client.connect(uri)) {
            cage.mkdir(uri.server(), uri.path());
        }
        return 0;
    }
}
