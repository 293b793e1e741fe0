package dev.cage.ejb;

import dev.cage.api.CageConnectionFactory;
import dev.cage.api.JournalEntryInfo;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * Brings a backup forward: given a folder (on this server's machine) that holds a node's tree, or a part of it, as
 * it was at {@code from}, applies every change the node journaled after {@code from} up to and including
 * {@code until}, so the folder holds the tree as it was at {@code until}. The same replay as {@code cage journal
 * replay}, for applications of the adapter.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JournalReplayer {
    /** What a replay did. */
    public record Result(long entriesApplied, long bytesWritten) {
    }

    @Resource(name = CageAdmin.FACTORY, lookup = CageAdmin.FACTORY)
    private CageConnectionFactory factory;

    /**
     * @param progress told the number of journal entries gone through, after each
     */
    public Result replay(String server, String pathPrefix, Instant from, Instant until, Path onto, LongConsumer progress)
        throws CageAdminException, IOException {
        Applier applier = new Applier(onto.toRealPath());
        long[] seen = {0};
        try {
            Connections.with(factory, c -> {
                // (from, until]: the copy already holds what happened at `from`.
                c.journal(server).forEach(pathPrefix, from.plusNanos(1000), until.plusNanos(1000), true, e -> {
                    try {
                        applier.apply(e);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    progress.accept(++seen[0]);
                });
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Result(applier.applied, applier.bytes);
    }

    /** Applies journal entries to a folder, one at a time. */
    private static final class Applier {
        private final Path onto;
        private long applied;
        private long bytes;

        Applier(Path onto) {
            this.onto = onto;
        }

        void apply(JournalEntryInfo e) throws IOException {
            Path p = at(e.path());
            switch (e.op()) {
                case "CREATE" -> {
                    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createFile(p);
                    }
                }
                case "MKDIR" -> Files.createDirectories(p);
                case "RMDIR", "REMOVE" -> Files.deleteIfExists(p);
                case "RENAME" -> {
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(p, at(e.path2()));
                    }
                }
                case "WRITE" -> {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                        ByteBuffer b = ByteBuffer.wrap(e.newBytes());
                        while (b.hasRemaining()) {
                            ch.write(b, e.offset() + b.position());
                        }
                    }
                    bytes += e.newBytes().length;
                }
                case "TRUNCATE" -> {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                        if (e.newSize() < ch.size()) {
                            ch.truncate(e.newSize());
                        } else if (e.newSize() > ch.size()) {
                            ch.write(ByteBuffer.allocate(1), e.newSize() - 1);
                        }
                    }
                }
                default -> {
                    return; // reads, opens, closes, sessions, checkpoints and rollback markers change nothing
                }
            }
            applied++;
        }

        /** A journal path inside the copy; the node normalizes its paths, but a copy must never be left. */
        private Path at(String key) throws IOException {
            Path p = onto.resolve(key).normalize();
            if (!p.startsWith(onto)) {
                throw new IOException("journal path '" + key + "' leads outside " + onto);
            }
            return p;
        }
    }
}
