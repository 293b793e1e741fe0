package dev.cage.client;

import dev.cage.protocol.CageException;
import dev.cage.protocol.JournalEntryInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Replays a server's journal onto a local copy of its tree: given a directory that holds the tree as it
 * was at {@code from}, applies every change journaled after {@code from} up to and including
 * {@code until}, leaving the tree as it was at {@code until}.
 */
public final class JournalReplay {
    /** What a replay did. */
    public record Result(long entriesApplied, long bytesWritten) {
    }

    private final Path onto;
    private long applied;
    private long bytes;

    private JournalReplay(Path onto) {
        this.onto = onto;
    }

    public static Result replay(CageJournal journal, String pathPrefix, Instant from, Instant until, Path onto,
                                ProgressListener progress) throws CageException, IOException {
        JournalReplay r = new JournalReplay(onto.toRealPath());
        long[] seen = {0};
        try {
            // (from, until]: the copy already holds what happened at `from`.
            journal.forEach(pathPrefix, from.plusNanos(1000), until.plusNanos(1000), true, e -> {
                try {
                    r.apply(e);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                progress.progress("replay", ++seen[0], -1); // entries gone through; how many is not known ahead
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Result(r.applied, r.bytes);
    }

    private void apply(JournalEntryInfo e) throws IOException {
        Path p = at(e.path());
        switch (e.op()) {
            case "CREATE" -> {
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createFile(p);
                }
            }
            case "MKDIR" -> Files.createDirectories(p);
            case "RMDIR" -> Files.deleteIfExists(p);
            case "REMOVE" -> Files.deleteIfExists(p);
            case "RENAME" -> {
                Path to = at(e.path2());
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(p, to);
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

    /** A journal path inside the copy; journal paths are normalized by the node, but check anyway. */
    private Path at(String key) throws IOException {
        Path p = onto.resolve(key).normalize();
        if (!p.startsWith(onto)) {
            throw new IOException("journal path '" + key + "' leads outside " + onto);
        }
        return p;
    }

}
