package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageOutputStream;
import dev.cage.protocol.CageFileNotFoundException;
import dev.cage.protocol.OpenMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cage put LOCAL URI}: copies a local file to a node, creating the remote file or replacing its content. */
@Command(name = "put", description = {
    "Copies a local file to a node, creating the remote file or replacing its content.",
    "If URI ends in '/' or names a directory, the file keeps its local name inside it."})
final class PutCommand implements Callable<Integer> {
    /** What is read from the local file at a time; the stream keeps the node's writes in flight behind it. */
    static final int CHUNK = 1 << 20;

    @Parameters(index = "0", paramLabel = "LOCAL", description = "The local file.")
    Path local;

    @Parameters(index = "1", paramLabel = "URI", converter = CageUri.Converter.class,
        description = "Where it goes: cage://host:port/path.")
    CageUri target;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(local)) {
            throw new UsageException(local + " is a directory; put copies one file");
        }
        long size = Files.size(local);
        try (Cage cage = client.connectForTransfer(target); InputStream in = Files.newInputStream(local)) {
            String path = remotePath(cage);
            try (CageChannel ch = cage.open(target.server(), path, OpenMode.EXCLUSIVE, true);
                 Progress progress = new Progress(spec.commandLine().getErr(), size, System::nanoTime)) {
                cage.truncate(ch, 0);
                byte[] buf = new byte[CHUNK];
                long done = 0;
                try (CageOutputStream out = cage.outputStream(ch, 0)) {
                    for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                        out.write(buf, 0, n);
                        done += n;
                        progress.update(done);
                    }
                }
            }
        }
        return 0;
    }

    /** The target path, or the local file's name inside it when the target is a directory. */
    private String remotePath(Cage cage) throws IOException {
        String name = local.getFileName().toString();
        if (target.namesDirectory()) {
            return target.child(name);
        }
        try {
            return cage.stat(target.server(), target.path()).isDirectory() ? target.child(name) : target.path();
        } catch (CageFileNotFoundException e) {
            return target.path(); // a new file
        }
    }
}
