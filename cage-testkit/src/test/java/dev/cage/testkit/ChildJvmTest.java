package dev.cage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void start_passesPropertiesAndEnvironment_logsOutput_andWaitsForTheLineAndThePort() throws Exception {
        int port = freePort();
        Path log = tmp.resolve("logs/child.log");
        try (ChildJvm child = ChildJvm.builder("child").jvmOptions("-Xmx64m").systemProperty("childjvm.test", "p1")
            .env("CHILDJVM_TEST", "e1").mainClass(ChildMain.class).args(String.valueOf(port)).log(log)
            .logHeader("=== start 1").start()) {
            child.awaitLog("READY", START);
            child.awaitPorts(START, port);
            assertThat(child.readLog()).contains("=== start 1", "property=p1", "env=e1");
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    void kill_sendsSigkill_stop_sendsSigterm_andBothWaitUntilTheProcessIsGone() throws Exception {
        ChildJvm killed = started("killed");
        killed.kill();
        assertThat(killed.isAlive()).isFalse();
        assertThat(killed.exitValue()).isEqualTo(128 + 9);

        ChildJvm stopped = started("stopped");
        stopped.stop();
        assertThat(stopped.isAlive()).isFalse();
        assertThat(stopped.exitValue()).isEqualTo(128 + 15);
        stopped.stop(); // ended already: nothing to do
    }

    @Test
    void awaitUntil_failsAtOnceWhenTheChildExits_andAfterItsTimeBound() throws Exception {
        try (ChildJvm child = ChildJvm.builder("pipes").mainClass(ChildMain.class).args("0").pipeStdio().start()) {
            Writer in = new OutputStreamWriter(child.stdin(), StandardCharsets.UTF_8);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8));
            in.write("hello\n");
            in.flush();
            assertThat(out.lines().filter(l -> l.startsWith("OK")).findFirst()).contains("OK hello");

            assertThatThrownBy(() -> child.awaitUntil("nothing", Duration.ofMillis(200), () -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no nothing within");

            in.write("EXIT 3\n");
            in.flush();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> child.awaitUntil("never", Duration.ofSeconds(60), () -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited with 3");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void adopt_endsAProcessKnownOnlyByItsPid() throws Exception {
        ChildJvm original = started("original");
        ChildJvm adopted = ChildJvm.adopt("adopted", ProcessHandle.of(original.pid()).orElseThrow(), original.log());
        assertThat(adopted.isAlive()).isTrue();
        adopted.stop();
        assertThat(original.isAlive()).isFalse();
        assertThatThrownBy(adopted::exitValue).isInstanceOf(IllegalStateException.class);
        original.close();
    }

    private ChildJvm started(String name) throws Exception {
        ChildJvm child = ChildJvm.builder(name).mainClass(ChildMain.class).args("0").log(tmp.resolve(name + ".log"))
            .start();
        child.awaitLog("READY", START);
        return child;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
