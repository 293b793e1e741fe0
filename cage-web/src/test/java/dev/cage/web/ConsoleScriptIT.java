package dev.cage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cage.testkit.FreePorts;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code ./cage server --root DIR --console}, end to end: {@code cage-web/console.sh}
 * (which {@code ./cage} runs for {@code --console}) starts a node and the console on reserved ports, says where to
 * go and how to log in, the login it names works and the console sees the node up (and a second node of
 * {@code --servers}, where nothing listens, down); SIGTERM stops both.
 */
@Tag("slow")
class ConsoleScriptIT {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void consoleScript_startsNodeAndConsole_itsLoginWorks_andSigtermStopsBoth() throws Exception {
        Path repo = Path.of(property("cage.web.it.repo"));
        Path work = Path.of(property("cage.web.it.work"));
        deleteRecursively(work);
        Files.createDirectories(work);
        Path log = work.resolve("console.log");
        int nodePort = FreePorts.forNode();
        int httpPort = Integer.parseInt(property("cage.web.it.httpPort"));
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", repo.resolve("cage-web/console.sh").toString(),
            "--root", work.resolve("root").toString(), "--port", Integer.toString(nodePort),
            "--data-dir", work.resolve("data").toString(), "--http-port", Integer.toString(httpPort),
            "--hz-port", property("cage.web.it.hzPort"), "--console-users", work.resolve("console/users").toString(),
            "--console-work", work.resolve("payara").toString(), "--timeout", "180",
            "--servers", "main=127.0.0.1:" + nodePort + ",gone=127.0.0.1:" + property("cage.web.it.gonePort")))
            .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("CAGE_USER"); // the login comes from the fresh node's admin.secret
        builder.environment().remove("CAGE_SECRET");
        Process script = builder.start();
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(script.isAlive()).as("console.sh is running; output:%n%s", read(log)).isTrue();
                return read(log).contains("Ctrl-C stops both.");
            });
            String output = read(log);
            String url = "http://127.0.0.1:" + httpPort + "/cage-web/";
            assertThat(output).contains("Cage console: " + url).contains("Log in as:    admin, password in");
            String password = Files.readString(work.resolve("console/admin.password")).strip();

            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(url + "api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            HttpResponse<String> nodes = http.send(HttpRequest.newBuilder(URI.create(url + "api/nodes")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(nodes.body()).contains("\"server\":\"main\"").contains("\"up\":true")
                .contains("\"port\":" + nodePort);
            // The second node of --servers, where nothing listens: listed, down, with since when and why.
            assertThat(nodes.body()).containsPattern("\\{[^{}]*\"server\":\"gone\"[^{}]*\\}")
                .containsPattern("\"downSince\":\"[^\"]+\"[^{}]*\"server\":\"gone\"[^{}]*\"up\":false");
        } finally {
            script.destroy(); // SIGTERM: the script's trap stops Payara and the node
            if (!script.waitFor(90, TimeUnit.SECONDS)) {
                script.descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
            }
        }
        assertThat(read(log)).contains("stopping the console (Payara Micro)").contains("stopping the node");
        assertThat(accepts(nodePort)).as("the node's port after the stop").isFalse();
        assertThat(accepts(httpPort)).as("the console's port after the stop").isFalse();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run through cage-web's failsafe");
        }
        return value;
    }
}
