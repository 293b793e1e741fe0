package dev.cage.example;

import static dev.cage.example.BuildProperties.deleteRecursively;
import static dev.cage.example.BuildProperties.property;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cage.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's {@code examples/payara-example.sh} as a user would, so its instructions cannot rot: a fresh node
 * under {@code target/script-it}, Payara Micro with {@code cage-rar.rar} and {@code cage-example.war}, a PUT and a GET
 * over HTTP. One Payara boot. {@code -Dcage.example.postboot=true} runs the post-boot command-file way instead.
 *
 * <p>The build has made the jars (this runs after {@code package}), so the script runs with {@code --no-build}; the
 * ports are the ones build-helper reserved. The script stops Payara and the node itself; if it overruns its time it
 * gets SIGTERM (its trap stops them), then its remaining children get SIGKILL.
 */
@Tag("slow")
class PayaraExampleScriptIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void script_storesADocument_andGetsTheSameBytesBack() throws Exception {
        Path repo = Path.of(property("cage.example.repo"));
        Path work = Path.of(property("cage.example.work"));
        deleteRecursively(work);
        Files.createDirectories(work);
        Path log = work.resolve("script.log");

        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("examples/payara-example.sh").toString(),
            "--no-build", "--timeout", "180",
            "--root", work.resolve("root").toString(), "--data-dir", work.resolve("data").toString(),
            "--node-port", String.valueOf(FreePorts.forNode()), "--http-port", property("cage.example.httpPort"),
            "--hz-port", property("cage.example.hzPort"), "--work", work.toString()));
        if (Boolean.getBoolean("cage.example.postboot")) {
            command.add("--postboot");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        // The login must come from the fresh node's admin.secret, not from the environment of whoever runs the build.
        builder.environment().remove("CAGE_USER");
        builder.environment().remove("CAGE_SECRET");

        long start = System.nanoTime();
        Process script = builder.start();
        if (!script.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            stop(script);
            fail("examples/payara-example.sh did not finish within " + SCRIPT_TIMEOUT + ":\n" + read(log));
        }
        String output = read(log);
        System.out.printf("payara-example.sh took %.1f s%n", (System.nanoTime() - start) / 1e9);

        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output).contains("GET returned the PUT bytes", "stopping Payara Micro", "stopping the node");
        byte[] sent = Files.readAllBytes(work.resolve("hello.txt"));
        assertThat(Files.readAllBytes(work.resolve("hello.back"))).isEqualTo(sent);
        assertThat(Files.readAllBytes(work.resolve("root/documents/hello.txt"))).as("the file on the node").isEqualTo(sent);
    }

    private static void stop(Process script) throws InterruptedException {
        List<ProcessHandle> children = script.descendants().toList();
        script.destroy();
        if (!script.waitFor(45, TimeUnit.SECONDS)) {
            script.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }


    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }

}
