package dev.cage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.HibernationException;
import dev.cage.client.WakeReport;
import dev.cage.protocol.OpenMode;
import dev.cage.server.TestNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HibernationTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 32;

    @TempDir
    Path tmp;
    TestNode node;
    Path dump;
    byte[] data;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(tmp.resolve("node"));
        dump = tmp.resolve("cache.dump");
        data = new byte[PAGES * PAGE + 100]; // the last page is partial
        new Random(9).nextBytes(data);
        Files.write(node.root().resolve("data.bin"), data);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private Cage.Builder client(boolean wake) {
        return node.clientBuilder("s").pageSize(PAGE).pageCount(256).hibernationFile(dump).wakeFromHibernation(wake);
    }

    /** Reads the whole file into the cache, then hibernates, leaving a channel open at a position. */
    private void warmUpAndHibernate() throws Exception {
        Cage cage = client(false).build();
        CageChannel ch = cage.open("s", "data.bin", OpenMode.SHARED_WRITE);
        assertThat(cage.read(ch, 0, data.length)).isEqualTo(data);
        ch.position(1234);
        cage.hibernate();
    }

    @Test
    void unchangedFile_wakesWarm_withoutReadingAnyPageAgain() throws Exception {
        warmUpAndHibernate();
        try (Cage woken = client(true).build()) {
            WakeReport r = woken.wakeReport();
            assertThat(r.warm()).isTrue();
            assertThat(r.cleanPagesKept()).isEqualTo(PAGES + 1);
            assertThat(r.channelsReopened()).isEqualTo(1);
            CageChannel ch = woken.wokenChannels().get(0);
            assertThat(ch.position()).isEqualTo(1234);
            assertThat(woken.read(ch, 0, data.length)).isEqualTo(data);
            assertThat(woken.cacheStats().misses()).isZero();
        }
    }

    @Test
    void pageChangedWhileAsleep_isReadAgain_othersComeFromTheDump() throws Exception {
        warmUpAndHibernate();
        try (Cage other = node.clientBuilder("s").pageCount(0).build()) {
            CageChannel ch = other.open("s", "data.bin", OpenMode.SHARED_WRITE);
            other.write(ch, 5L * PAGE + 10, "changed".getBytes());
            other.close(ch);
        }
        System.arraycopy("changed".getBytes(), 0, data, 5 * PAGE + 10, 7);
        try (Cage woken = client(true).build()) {
            WakeReport r = woken.wakeReport();
            assertThat(r.cleanPagesKept()).isEqualTo(PAGES);
            assertThat(r.cleanPagesDropped()).isEqualTo(1);
            CageChannel ch = woken.wokenChannels().get(0);
            assertThat(woken.read(ch, 0, data.length)).isEqualTo(data);
            assertThat(woken.cacheStats().misses()).isEqualTo(1);
        }
    }

    @Test
    void dirtyPages_areSentOnWake() throws Exception {
        Cage cage = client(false).build();
        CageChannel ch = cage.open("s", "data.bin", OpenMode.EXCLUSIVE);
        cage.write(ch, 3L * PAGE, "unpushed".getBytes());
        cage.hibernate();
        assertThat(Files.readAllBytes(node.root().resolve("data.bin"))).isEqualTo(data); // nothing pushed yet
        System.arraycopy("unpushed".getBytes(), 0, data, 3 * PAGE, 8);
        try (Cage woken = client(true).build()) {
            assertThat(woken.wakeReport().dirtyPagesSent()).isEqualTo(1);
            assertThat(Files.readAllBytes(node.root().resolve("data.bin"))).isEqualTo(data);
        }
    }

    @Test
    void channelHeldByAnotherClient_isLost_andItsDirtyPagesAreReportedUnsent() throws Exception {
        Cage cage = client(false).build();
        CageChannel ch = cage.open("s", "data.bin", OpenMode.EXCLUSIVE);
        cage.write(ch, 0, "mine".getBytes());
        cage.hibernate();
        try (Cage thief = node.client("s")) {
            CageChannel held = thief.open("s", "data.bin", OpenMode.EXCLUSIVE);
            try (Cage woken = client(true).build()) {
                WakeReport r = woken.wakeReport();
                assertThat(r.channelsLost()).isEqualTo(1);
                assertThat(r.dirtyPagesUnsent()).isEqualTo(1);
                assertThat(woken.wokenChannels()).isEmpty();
            }
            thief.close(held);
        }
        assertThat(Files.readAllBytes(node.root().resolve("data.bin"))).isEqualTo(data);
    }

    enum Damage { TRUNCATED, FLIPPED_BYTE, FOREIGN_FILE, EMPTY_FILE, OTHER_PAGE_SIZE, MISSING }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damagedDump_givesAClearReasonAndAColdCache_neverWrongData(Damage damage) throws Exception {
        warmUpAndHibernate();
        Cage.Builder builder = client(true);
        switch (damage) {
            case TRUNCATED -> truncate(dump, Files.size(dump) / 2);
            case FLIPPED_BYTE -> flip(dump, Files.size(dump) / 3);
            case FOREIGN_FILE -> Files.write(dump, "PK\u0003\u0004 not a dump at all".getBytes());
            case EMPTY_FILE -> Files.write(dump, new byte[0]);
            case OTHER_PAGE_SIZE -> builder = builder.pageSize(PAGE * 2);
            case MISSING -> Files.delete(dump);
        }
        try (Cage woken = builder.build()) {
            WakeReport r = woken.wakeReport();
            assertThat(r.warm()).isFalse();
            assertThat(r.problem()).isNotBlank();
            switch (damage) {
                case TRUNCATED, EMPTY_FILE -> assertThat(r.problem()).contains("truncated");
                case FLIPPED_BYTE -> assertThat(r.problem()).contains("damaged");
                case FOREIGN_FILE -> assertThat(r.problem()).contains("not a Cage hibernation dump");
                case OTHER_PAGE_SIZE -> assertThat(r.problem()).contains("pages of " + PAGE);
                case MISSING -> assertThat(r.problem()).contains("cannot read");
            }
            assertThat(woken.cacheStats().pagesCached()).isZero();
            CageChannel ch = woken.open("s", "data.bin", OpenMode.SHARED_READ);
            assertThat(woken.read(ch, 0, data.length)).isEqualTo(data);
        }
    }

    @Test
    void hibernateWithoutAFile_isRefused() throws Exception {
        try (Cage cage = node.client("s")) {
            assertThatThrownBy(cage::hibernate).isInstanceOf(HibernationException.class)
                .hasMessageContaining("no hibernation file");
        }
    }

    @Test
    void progress_isReportedWhileWritingAndReading() throws Exception {
        List<String> seen = new ArrayList<>();
        Cage cage = client(false).progress((task, done, total) -> seen.add(task + " " + done + "/" + total)).build();
        CageChannel ch = cage.open("s", "data.bin", OpenMode.SHARED_READ);
        cage.read(ch, 0, data.length);
        cage.hibernate();
        try (Cage woken = client(true).progress((task, done, total) -> seen.add(task + " " + done + "/" + total)).build()) {
            assertThat(woken.wakeReport().warm()).isTrue();
        }
        assertThat(seen).anyMatch(s -> s.equals("hibernate " + data.length + "/" + data.length));
        assertThat(seen).anyMatch(s -> s.startsWith("wake "));
    }

    private static void truncate(Path f, long size) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    private static void flip(Path f, long at) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x40);
        }
    }
}
