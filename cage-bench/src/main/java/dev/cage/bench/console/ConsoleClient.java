package dev.cage.bench.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One browser's worth of the console over HTTP: its own cookies (one session), the page, the API, the stream. */
final class ConsoleClient implements AutoCloseable {
    private static final Pattern RESOURCE = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");

    private final URI base;
    private final String user;
    private final String password;
    private final HttpClient http;

    ConsoleClient(URI base, String user, String password) {
        this.base = base;
        this.user = user;
        this.password = password;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    void login() throws IOException, InterruptedException {
        String form = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(request("api/login").header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the console refused the login of '" + user + "': HTTP " + r.statusCode());
        }
    }

    /**
     * Loads the page as a browser's critical path does, one request after another: the HTML, every script and style
     * it names, the login, then the first API answers. Returns the milliseconds it took.
     */
    double loadPageMillis() throws IOException, InterruptedException {
        long start = System.nanoTime();
        String html = get("");
        Set<String> resources = new LinkedHashSet<>();
        for (Matcher m = RESOURCE.matcher(html); m.find(); ) {
            resources.add(m.group(1));
        }
        for (String resource : resources) {
            get(resource);
        }
        login();
        get("api/me");
        get("api/nodes");
        return (System.nanoTime() - start) / 1e6;
    }

    /** The live stream's lines; close the stream to drop the connection. */
    Stream<String> events() throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = http.send(request("api/events").header("Accept", "text/event-stream").GET().build(),
            HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("api/events answered HTTP " + r.statusCode());
        }
        return r.body();
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + base.resolve(path) + " answered HTTP " + r.statusCode());
        }
        return r.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        // HttpClient has no close on Java 17; its threads end when it is no longer reachable.
    }
}
