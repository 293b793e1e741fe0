package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.CageJournal;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.OpenMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code JOURNAL_READ_AS_OF}: a file's bytes at any instant, rebuilt from the journal, with nothing changed on disk. */
class ReadAsOfTest {
    @TempDir
    Path tmp;
    TestNode node;
    Cage cage;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(tmp);
        cage = node.clientBuilder("s").pageCount(0).build(); // every write reaches the node when it is made
    }

    @AfterEach
    void stop() {
        cage.close();
        node.close();
    }

    @Test
    void everyInstantGivesTheBytesOfThen_writesTruncatesAndGrowthUndone() throws Exception {
        Instant beforeCreate = Instant.now();
        CageChannel ch = cage.open("s", "doc.txt", OpenMode.EXCLUSIVE, true);
        cage.write(ch, 0, bytes("hello world"));
        Instant t1 = Instant.now();
        cage.write(ch, 6, bytes("there"));
        Instant t2 = Instant.now();
        cage.truncate(ch, 5);
        Instant t3 = Instant.now();
        cage.write(ch, 5, bytes(", once more and longer"));
        cage.close(ch);
        byte[] onDisk = Files.readAllBytes(node.root().resolve("doc.txt"));

        CageJournal journal = cage.journal("s");
        assertThat(journal.readAsOf("doc.txt", t1, 1 << 20)).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("hello world"));
        assertThat(journal.readAsOf("doc.txt", t2, 1 << 20)).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("hello there"));
        assertThat(journal.readAsOf("doc.txt", t3, 1 << 20)).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("hello"));
        assertThat(journal.readAsOf("doc.txt", Instant.now(), 1 << 20))
            .hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("hello, once more and longer"));
        assertThat(journal.readAsOf("doc.txt", beforeCreate, 1 << 20)).as("it did not exist yet").isEmpty();
        assertThat(Files.readAllBytes(node.root().resolve("doc.txt"))).as("nothing changed on disk").isEqualTo(onDisk);
    }

    @Test
    void aFileRenamedSince_orLargerThanAsked_isRefusedClearly() throws Exception {
        CageChannel ch = cage.open("s", "a.txt", OpenMode.EXCLUSIVE, true);
        cage.write(ch, 0, bytes("0123456789"));
        cage.close(ch);
        Instant before = Instant.now();
        CageJournal journal = cage.journal("s");
        assertThatThrownBy(() -> journal.readAsOf("a.txt", before, 4)).isInstanceOf(InvalidArgumentException.class)
            .hasMessageContaining("more than 4");
        cage.rename("s", "a.txt", "b.txt");
        assertThatThrownBy(() -> journal.readAsOf("b.txt", before, 1 << 20)).isInstanceOf(InvalidArgumentException.class)
            .hasMessageContaining("renamed since");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
