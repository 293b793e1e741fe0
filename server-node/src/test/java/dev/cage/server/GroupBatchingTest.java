package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.CageFileExistsException;
import dev.cage.protocol.OpenMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers at once through a real group: the leader puts changes that arrive together into shared log entries
 * (ChangeBatcher), and still every change is applied once, in an order every member agrees on, and each writer gets
 * its own answer, a refusal included.
 */
class GroupBatchingTest {
    private static final int WRITERS = 24;
    private static final int RECORDS_EACH = 40;
    private static final int RECORD = 4096;

    @TempDir
    Path tmp;

    @Test
    void concurrentChanges_shareLogEntries_yetEachIsAppliedOnceAndAnsweredAlone() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 3)) {
            int leader = g.awaitLeader();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try (Cage cage = Cage.builder().server("g", g.spec(leader)).pageCount(0).build()) {
                List<Future<Integer>> created = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    created.add(pool.submit(() -> writeFiles(cage, writer)));
                }
                int madeShared = 0;
                for (Future<Integer> f : created) {
                    madeShared += f.get(120, TimeUnit.SECONDS);
                }
                assertThat(madeShared).as("writers whose mkdir of the same name was the one applied").isEqualTo(1);
                assertThat(g.node(leader).member().changesPerEntry()).as("changes per log entry at the leader")
                    .isGreaterThan(2.0);
            } finally {
                pool.shutdownNow();
            }
            g.awaitApplied();
            Map<String, String> tree = g.tree(leader);
            for (int w = 0; w < WRITERS; w++) {
                Random rnd = new Random(w);
                java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
                for (int k = 0; k < RECORDS_EACH; k++) {
                    expected.write(record(rnd));
                }
                assertThat(tree.get("w" + w + ".bin")).as("w%d.bin", w).isEqualTo(HexFormat.of().formatHex(expected.toByteArray()));
            }
            assertThat(tree).containsEntry("shared", "dir");
            for (int i = 0; i < 3; i++) {
                assertThat(g.tree(i)).as("member %d", i).isEqualTo(tree);
            }
        }
    }

    /**
     * Writes this writer's records into its own file, opened first (creates and other changes of names are taken one
     * at a time by the node, so only changes of bytes come together), and tries once, half-way, to make the one
     * shared directory; 1 if its mkdir was the one applied.
     */
    private static int writeFiles(Cage cage, int writer) throws Exception {
        Random rnd = new Random(writer);
        CageChannel ch = cage.open("g", "w" + writer + ".bin", OpenMode.EXCLUSIVE, true);
        int made = 0;
        for (int k = 0; k < RECORDS_EACH; k++) {
            cage.write(ch, (long) k * RECORD, record(rnd));
            if (k == RECORDS_EACH / 2) {
                try {
                    cage.mkdir("g", "shared");
                    made = 1;
                } catch (CageFileExistsException another) {
                    // another writer's mkdir came first in the log
                }
            }
        }
        cage.close(ch);
        return made;
    }

    private static byte[] record(Random rnd) {
        byte[] b = new byte[RECORD];
        rnd.nextBytes(b);
        return b;
    }
}
