package dev.cage.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.server.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * fio, a standard file-system exerciser (Debian's {@code fio}; fsx and pjdfstest are not packaged for Debian and their
 * sources are out of this machine's reach), writes through the mount with seeded random offsets and block sizes and
 * reads everything back, checking each block's CRC-32C and its header (offset, length, a sequence number): a block
 * that comes back wrong, short or from the wrong place fails the run.
 */
@Tag("slow")
class FioExerciserSlowTest {
    @TempDir
    Path dir;

    /** Without page cache (as {@code cage mount} runs: writes go out with write-behind) and with one. */
    @ParameterizedTest(name = "page cache of {0} pages")
    @ValueSource(ints = {0, 512})
    void seededRandomWritesAndReadsThroughTheMount_allVerify(int pages) throws Exception {
        String why = CageMount.unavailableReason();
        Assumptions.assumeTrue(why == null, "FUSE tests skipped: " + why);
        Assumptions.assumeTrue(onPath("fio"), "fio is not installed (apt-get install fio; .ci/run does)");
        try (TestNode node = TestNode.start(dir.resolve("node"));
             Cage cage = node.clientBuilder("n").pageCount(pages).build()) {
            Path mnt = Files.createDirectories(dir.resolve("mnt"));
            Path log = dir.resolve("fio.log");
            try (CageMount mount = CageMount.mount(cage, "n", "", mnt)) {
                List<String> fio = new ArrayList<>(List.of("fio", "--directory=" + mnt, "--ioengine=psync",
                    "--fallocate=none", "--verify=crc32c", "--verify_fatal=1", "--do_verify=1", "--randseed=20261207",
                    "--end_fsync=1",
                    // 4 KiB random writes over 48 MiB, each block once, then every block read back and checked
                    "--name=random-4k", "--size=48m", "--rw=randwrite", "--bs=4k",
                    // 512 B to 256 KiB blocks at random offsets, unaligned to pages
                    "--name=random-mixed", "--size=32m", "--rw=randwrite", "--bsrange=512-256k", "--bs_unaligned",
                    // a sequential pass with 1 MiB blocks
                    "--name=sequential", "--size=64m", "--rw=write", "--bs=1m"));
                Process p = new ProcessBuilder(fio).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("fio finished").isTrue();
                String out = Files.readString(log);
                assertThat(p.exitValue()).as("fio's exit value; its output:%n%s", out).isZero();
                assertThat(out).doesNotContain("verify: bad").contains("random-4k").contains("sequential");
                assertThat(out).containsPattern("err= *0").contains("read:"); // read: the verify pass
            }
            assertThat(Files.size(node.root().resolve("random-4k.0.0"))).isEqualTo(48L << 20);
        }
    }

    private static boolean onPath(String command) throws IOException {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
