package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageInputStream;
import dev.cage.protocol.OpenMode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cage get URI LOCAL}: copies a file from a node. The bytes go to a hidden part file next to the target,
 * which replaces the target only when the copy is complete, so a failed get never leaves half a file behind.
 */
@Command(name = "get", description = {
    "Copies a file from a node to a local file.",
    "If LOCAL is a directory, the file keeps its remote name inside it."})
final class GetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", converter = CageUri.Converter.class,
        description = "The remote file: cage://host:port/path.")
    CageUri source;

    @Parameters(index = "1", paramLabel = "LOCAL", description = "Where it goes.")
    Path local;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path target = Files.isDirectory(local) ? local.resolve(source.fileName()) : local;
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        Path part = target.resolveSibling("." + target.getFileName() + ".cage-part");
        try (Cage cage = client.connectForTransfer(source);
             CageChannel ch = cage.open(source.server(), source.path(), OpenMode.SHARED_READ)) {
            copy(cage, ch, part);
            moveIntoPlace(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
        return 0;
    }

    private void copy(Cage cage, CageChannel ch, Path part) throws IOException {
        long size = cage.stat(ch).size();
        byte[] buf = new byte[PutCommand.CHUNK];
        try (OutputStream out = Files.newOutputStream(part);
             CageInputStream in = cage.inputStream(ch, 0);
             Progress progress = new Progress(spec.commandLine().getErr(), size, System::nanoTime)) {
            long done = 0;
            // Read to the end, not to the size seen at open: the file may grow meanwhile.
            for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                out.write(buf, 0, n);
                done += n;
                progress.update(done);
            }
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
