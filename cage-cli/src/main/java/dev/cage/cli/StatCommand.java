package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.protocol.FileInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage stat URI}: what the node knows about a file or directory, one {@code key: value} per line. */
@Command(name = "stat", description = "Shows path, type, size, creation and modification time (UTC) and version.")
final class StatCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URI", converter = CageUri.Converter.class,
        description = "The file or directory: cage://host:port/path.")
    CageUri uri;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FileInfo f;
        try (Cage cage = client.connect(uri)) {
            f = cage.stat(uri.server(), uri.path());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("path:     /" + uri.path());
        out.println("type:     " + f.type().name().toLowerCase(java.util.Locale.ROOT));
        out.println("size:     " + f.size());
        out.println("created:  " + f.created());
        out.println("modified: " + f.modified());
        out.println("version:  " + f.version());
        out.flush();
        return 0;
    }
}
