package dev.cage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.client.Cage;
import dev.cage.fuse.CageMount;
import dev.cage.server.TestNode;
import dev.cage.testkit.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cage mount} as a user runs it: a process of its own, unmounted by {@code fusermount -u} or by SIGTERM. */
class MountCommandTest {
    @TempDir
    Path dir;
    private TestNode node;
    private Path secretFile;
    private Path mnt;

    @BeforeEach
    void start() throws IOException {
        String why = CageMount.unavailableReason();
        Assumptions.assumeTrue(why == null, "FUSE tests skipped: " + why);
        node = TestNode.start(dir.resolve("node"));
        secretFile = Files.writeString(dir.resolve("secret"), "admin\n" + node.secret() + "\n");
        mnt = Files.createDirectories(dir.resolve("mnt"));
        try (Cage c = node.client("n")) {
            c.mkdir("n", "shared");
            c.writeFile("n", "shared/hello.txt", "hello from the node".getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private ChildJvm mount() throws Exception {
        ChildJvm child = ChildJvm.builder("mount")
            .jvmOptions("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
            .mainClass(System.getProperty("java.class.path"), "dev.cage.cli.CageCommand")
            .args("mount", "cage://127.0.0.1:" + node.port() + "/shared", mnt.toString(),
                "--secret-file", secretFile.toString())
            .log(dir.resolve("mount.log")).start();
        Path hello = mnt.resolve("hello.txt");
        child.awaitUntil("the mount serving", Duration.ofSeconds(60), () -> Files.isRegularFile(hello));
        assertThat(Files.readString(hello)).isEqualTo("hello from the node");
        assertThat(child.readLog()).contains("mounted cage://127.0.0.1:" + node.port() + "/shared at ");
        return child;
    }

    @Test
    void aMount_servesTheNodesDirectory_untilFusermountUnmountsIt() throws Exception {
        try (ChildJvm child = mount()) {
            Files.writeString(mnt.resolve("new.txt"), "written through the mount");
            try (Cage c = node.clientBuilder("n").pageCount(0).build()) {
                assertThat(c.stat("n", "shared/new.txt").size()).isEqualTo(25);
            }
            Process unmount = new ProcessBuilder(fusermount(), "-u", mnt.toString()).inheritIO().start();
            assertThat(unmount.waitFor()).isZero();
            assertThat(child.waitFor(Duration.ofSeconds(30))).as("cage mount ended; log:%n%s", child.logTail(20)).isTrue();
            assertThat(child.exitValue()).isZero();
        }
        assertMountGone();
    }

    @Test
    void sigterm_unmountsAndEnds() throws Exception {
        try (ChildJvm child = mount()) {
            assertThat(child.terminate(Duration.ofSeconds(30))).as("ended; log:%n%s", child.logTail(20)).isTrue();
        }
        assertMountGone();
    }

    /** The mount point is an empty local directory again (not a dead mount: "transport endpoint is not connected"). */
    private void assertMountGone() throws IOException {
        try (Stream<Path> left = Files.list(mnt)) {
            assertThat(left).isEmpty();
        }
    }

    private static String fusermount() {
        for (String candidate : new String[] {"/usr/bin/fusermount3", "/usr/bin/fusermount", "/bin/fusermount"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "fusermount";
    }
}
