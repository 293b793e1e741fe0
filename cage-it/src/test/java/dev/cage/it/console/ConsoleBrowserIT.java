package dev.cage.it.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.client.ServerSpec;
import dev.cage.it.GroupProcesses;
import dev.cage.it.NodeProcess;
import dev.cage.protocol.ChannelClosedException;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.SessionEndedException;
import dev.cage.web.security.ConsoleUsers;
import dev.cage.web.security.Role;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin console in a real browser (Debian's chromium) against cage-web.war on Payara Micro (one boot for the
 * whole class) and a real node, which a Cage client in this JVM writes to. Every page is saved as a screenshot under
 * {@code target/screenshots}.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ConsoleBrowserIT {
    private static final String SERVER = "main";
    private static final String ADMIN_PASSWORD = ConsoleUsers.newPassword();
    private static final String VIEWER_PASSWORD = ConsoleUsers.newPassword();
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>.txt";

    private static NodeProcess node;
    /** The console's second server, {@code grp}: a replicated group of two, the factory given its first member only. */
    private static GroupProcesses group;
    private static Cage client;
    private static Browser browser;

    @ArquillianResource
    URL base;

    /** The console's own WAR, as built; not a test archive (the tests run here, outside the server). */
    @Deployment(testable = false)
    public static WebArchive console() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(property("cage.web.war")));
    }

    @BeforeAll
    static void startNodeUsersAndBrowser() throws Exception {
        node = NodeProcess.fromSystemProperties().start();
        group = GroupProcesses.start(Path.of(property(NodeProcess.JAR_PROPERTY)),
            Path.of(property(NodeProcess.DIR_PROPERTY), "group"), Integer.parseInt(property("cage.it.groupPort")),
            node.user(), node.secret());
        ConsoleUsers users = new ConsoleUsers(Path.of(property("cage.web.users")));
        users.put("admin", Role.ADMIN, ADMIN_PASSWORD);
        users.put("viewer", Role.VIEWER, VIEWER_PASSWORD);
        client = Cage.builder().name("console-it")
            .server(SERVER, new ServerSpec("127.0.0.1", node.port(), node.user(), node.secret()))
            .responseTimeout(Duration.ofSeconds(15)).build();
        Path target = Path.of(property("cage.it.screenshots")).getParent();
        browser = new Browser(target.resolve("chromium-profile-" + ProcessHandle.current().pid()),
            Path.of(property("cage.it.screenshots")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (client != null) {
            client.close();
        }
        if (group != null) {
            group.close();
        }
    }

    @Test
    @Order(1)
    public void wrongPassword_isRefused_andTheLoginFormSaysSo() throws Exception {
        browser.driver.get(base.toString());
        logIn("admin", "not-the-password");
        WebElement error = browser.visible("#login-error");
        browser.waiting().until(ExpectedConditions.textToBePresentInElement(error, "Wrong user name or password"));
        browser.screenshot("01-login-refused");
        assertThat(browser.driver.findElement(By.id("tabs")).isDisplayed()).isFalse();
        assertThat(new ConsoleHttp(base.toURI()).login("admin", "not-the-password")).isEqualTo(401);
    }

    @Test
    @Order(2)
    public void writesByAClient_moveTheThroughputChart() throws Exception {
        browser.driver.get(base.toString());
        logIn("admin", ADMIN_PASSWORD);
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("article.node[data-server=main] .state"), "up"));
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> writeUntilStopped(writing), "console-it-writer");
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> maxOfSeries(2) > 0); // writes/s
            await().atMost(Duration.ofSeconds(30)).until(() -> maxOfSeries(7) > 0); // bytes written/s
            await().atMost(Duration.ofSeconds(30)).until(() -> maxOfSeries(9) > 0); // p99 latency, ms
            await().atMost(Duration.ofSeconds(30)).until(() -> maxOfSeries(10) > 0); // journal records/s
        } finally {
            writing.set(false);
            writer.join(30_000);
        }
        String readout = browser.driver.findElement(By.cssSelector("b[data-metric=writes][data-server=main]")).getText();
        assertThat(readout).endsWith("/s");
        assertThat(browser.driver.findElements(By.cssSelector("article.node[data-server=main] .uplot"))).hasSize(5);
        assertThat(browser.driver.findElement(By.cssSelector("b[data-metric=p99][data-server=main]")).getText()).endsWith("ms");
        browser.screenshot("02-overview");
        reportPageTimings();
    }

    @Test
    @Order(3)
    public void aHostileFileName_showsAsText() throws Exception {
        CageChannel ch = client.open(SERVER, XSS_NAME, OpenMode.SHARED_WRITE, true);
        try {
            client.write(ch, 0, "harmless".getBytes(StandardCharsets.UTF_8));
            browser.driver.findElement(By.cssSelector("#tabs button[data-tab=sessions]")).click();
            WebElement list = browser.visible("#session-lists");
            browser.waiting().until(ExpectedConditions.textToBePresentInElement(list, XSS_NAME));
            assertThat(list.findElements(By.tagName("img"))).isEmpty();
            assertNoAlert();
            browser.screenshot("03-sessions");
        } finally {
            client.close(ch);
        }
        showHistory(XSS_NAME);
        WebElement firstPath = browser.visible("#history-table td.path");
        assertThat(firstPath.getText()).isEqualTo(XSS_NAME);
        assertThat(browser.driver.findElements(By.cssSelector("#history-table img"))).isEmpty();
        assertNoAlert();
    }

    @Test
    @Order(4)
    public void rollbackFromTheTimeline_withPreviewAndConfirmation_restoresTheBytes() throws Exception {
        String path = "rollback.txt";
        byte[] first = "the first version\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "the second version, which is longer\n".getBytes(StandardCharsets.UTF_8);
        writeFile(path, first);
        writeFile(path, second);
        assertThat(readFile(path)).isEqualTo(second);

        showHistory(path);
        assertThat(browser.visible("#diff-summary").getText()).contains("36 bytes of rollback.txt changed in 1 range.");
        browser.driver.findElement(By.id("diff-text-show")).click();
        WebElement textDiff = browser.visible("#diff-text");
        assertThat(textDiff.findElements(By.cssSelector("span.add"))).extracting(WebElement::getText)
            .contains("+ the second version, which is longer");
        assertThat(browser.driver.findElement(By.id("diff-text-state")).getText()).contains("did not exist");
        browser.visible("#history-table tbody tr");
        List<WebElement> writes = new ArrayList<>();
        for (WebElement row : browser.driver.findElements(By.cssSelector("#history-table tbody tr"))) {
            if (row.findElements(By.tagName("td")).get(2).getText().equals("WRITE")) {
                writes.add(row);
            }
        }
        assertThat(writes).hasSize(2);
        writes.get(1).findElement(By.cssSelector("button.rollback")).click(); // back to before the second write
        WebElement preview = browser.visible("#rollback-preview");
        browser.waiting().until(d -> !preview.findElements(By.tagName("li")).isEmpty());
        assertThat(preview.getText()).contains("WRITE " + path);
        browser.screenshot("04-rollback-preview");
        assertThat(readFile(path)).as("nothing changes before the confirmation").isEqualTo(second);

        browser.driver.findElement(By.id("rollback-confirm")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Rolled back"));
        assertThat(readFile(path)).isEqualTo(first);
        browser.screenshot("05-history");
    }

    @Test
    @Order(4)
    public void replayOntoABackupFolder_withProgress_bringsTheCopyForward() throws Exception {
        java.time.Instant before = java.time.Instant.now();
        client.mkdir(SERVER, "replayed");
        byte[] bytes = "replayed onto the copy\n".getBytes(StandardCharsets.UTF_8);
        writeFile("replayed/r.txt", bytes);
        Path copy = java.nio.file.Files.createDirectories(Path.of(property("cage.web.backups"), "copy-1"));

        showHistory("replayed");
        browser.driver.findElement(By.id("history-subtree")).click();
        browser.driver.findElement(By.cssSelector("#replay summary")).click();
        browser.visible("#replay-folder").sendKeys("copy-1");
        browser.driver.findElement(By.id("replay-from")).sendKeys(before.toString());
        browser.driver.findElement(By.id("replay-start")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".replay-done"), "done:"));
        browser.screenshot("05b-replay");
        assertThat(java.nio.file.Files.readAllBytes(copy.resolve("replayed/r.txt"))).isEqualTo(bytes);

        ConsoleHttp admin = new ConsoleHttp(base.toURI());
        assertThat(admin.login("admin", ADMIN_PASSWORD)).isEqualTo(200);
        HttpResponse<String> escape = admin.postJson("api/nodes/main/replays",
            "{\"path\":\"\",\"folder\":\"../..\",\"from\":\"" + before + "\"}", true);
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(escape.body()).contains("is not a folder inside");
    }

    @Test
    @Order(5)
    public void aViewersRollback_isRefused403_theFileIsUnchanged_andAudited() throws Exception {
        String path = "viewer.txt";
        byte[] bytes = "a viewer may not roll this back\n".getBytes(StandardCharsets.UTF_8);
        writeFile(path, bytes);
        ConsoleHttp viewer = new ConsoleHttp(base.toURI());
        assertThat(viewer.login("viewer", VIEWER_PASSWORD)).isEqualTo(200);
        String body = "{\"path\":\"" + path + "\",\"subtree\":false,\"to\":\"2000-01-01T00:00:00Z\"}";
        HttpResponse<String> refused = viewer.postJson("api/nodes/main/rollback", body, true);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(readFile(path)).isEqualTo(bytes);

        ConsoleHttp admin = new ConsoleHttp(base.toURI());
        assertThat(admin.login("admin", ADMIN_PASSWORD)).isEqualTo(200);
        HttpResponse<String> noToken = admin.postJson("api/nodes/main/rollback", body, false);
        assertThat(noToken.statusCode()).as("a state change without the CSRF token").isEqualTo(403);
        assertThat(readFile(path)).isEqualTo(bytes);

        String audit = admin.get("api/audit").body();
        assertThat(audit).contains("\"user\":\"viewer\"").contains("refused: needs the admin role")
            .contains("refused: missing or wrong CSRF token");
        browser.driver.findElement(By.cssSelector("#tabs button[data-tab=audit]")).click();
        WebElement table = browser.visible("#audit-table");
        browser.waiting().until(ExpectedConditions.textToBePresentInElement(table, "refused: needs the admin role"));
        browser.screenshot("06-audit");
    }

    @Test
    @Order(6)
    public void theEventStream_resumesAfterADroppedConnection_withoutLosingAnEvent() throws Exception {
        ConsoleHttp http = new ConsoleHttp(base.toURI());
        assertThat(http.login("viewer", VIEWER_PASSWORD)).isEqualTo(200);
        List<Long> firstIds = new ArrayList<>();
        try (Stream<String> stream = http.events(null)) {
            Iterator<String> lines = stream.iterator();
            while (firstIds.size() < 3 && lines.hasNext()) {
                idOf(lines.next(), firstIds);
            }
        } // the connection drops here
        assertThat(firstIds).hasSize(3);
        long lastSeen = firstIds.get(2);
        String uptimeAtDrop = uptime(http);
        // Let the server make ticks while no one listens: the node's uptime moves on by more than two seconds.
        await().atMost(Duration.ofSeconds(30)).until(() -> seconds(uptime(http)) > seconds(uptimeAtDrop) + 2.5);

        List<Long> resumed = new ArrayList<>();
        try (Stream<String> stream = http.events(Long.toString(lastSeen))) {
            Iterator<String> lines = stream.iterator();
            while (resumed.size() < 4 && lines.hasNext()) {
                idOf(lines.next(), resumed);
            }
        }
        assertThat(resumed).containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4);
    }

    @Test
    @Order(7)
    public void endingASession_removesItFromTheList_andTheClientsNextCallFailsClearly() throws Exception {
        try (Cage other = Cage.builder().name("console-it-ended").pageCount(0)
                .server(SERVER, new ServerSpec("127.0.0.1", node.port(), node.user(), node.secret()))
                .responseTimeout(Duration.ofSeconds(15)).build()) {
            CageChannel ch = other.open(SERVER, "ended.txt", OpenMode.EXCLUSIVE, true);
            other.write(ch, 0, "open while its session ends".getBytes(StandardCharsets.UTF_8));
            browser.driver.findElement(By.cssSelector("#tabs button[data-tab=sessions]")).click();
            By row = By.xpath("//tr[.//li[starts-with(text(), 'ended.txt')]]");
            browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(row));
            browser.driver.findElement(row).findElement(By.cssSelector("button.end-session")).click();
            browser.visible("#confirm-reason").sendKeys("console test");
            browser.screenshot("07-end-session");
            browser.driver.findElement(By.id("confirm-ok")).click();
            browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(row));

            assertThatThrownBy(() -> other.stat(SERVER, "ended.txt")).isInstanceOf(SessionEndedException.class)
                .hasMessageContaining("from the console by admin: console test");
            assertThatThrownBy(() -> other.read(ch, 0, 4)).isInstanceOf(ChannelClosedException.class);
            // The exclusive open ended with the session: this client may open the file again.
            assertThat(readFile("ended.txt")).startsWith("open while".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    @Order(8)
    public void files_uploadWithProgress_makeAFolder_rename_download_remove() throws Exception {
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(8).nextBytes(bytes);
        Path local = Path.of(property("cage.it.screenshots")).resolveSibling("upload-me.bin");
        java.nio.file.Files.write(local, bytes);

        browser.driver.findElement(By.cssSelector("#tabs button[data-tab=files]")).click();
        browser.visible("#upload-file").sendKeys(local.toString());
        browser.driver.findElement(By.id("upload")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".upload-done"), "Uploaded upload-me.bin"));
        assertThat(readFile("upload-me.bin")).isEqualTo(bytes);

        browser.driver.findElement(By.id("mkdir-name")).sendKeys("folder");
        browser.driver.findElement(By.id("mkdir")).click();
        By folderRow = By.cssSelector("#files-table tr[data-name=folder]");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(folderRow));

        browser.driver.findElement(By.cssSelector("#files-table tr[data-name='upload-me.bin'] button.rename")).click();
        WebElement newPath = browser.visible("#confirm-reason");
        newPath.clear();
        newPath.sendKeys("folder/uploaded.bin");
        browser.driver.findElement(By.id("confirm-ok")).click();
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#files-table tr[data-name='upload-me.bin']")));
        browser.driver.findElement(folderRow).findElement(By.cssSelector("button.dir")).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#files-table tr[data-name='uploaded.bin']")));
        browser.screenshot("08-files");

        ConsoleHttp viewer = new ConsoleHttp(base.toURI());
        assertThat(viewer.login("viewer", VIEWER_PASSWORD)).isEqualTo(200);
        HttpResponse<byte[]> download = viewer.getBytes("api/nodes/main/files/download?path=folder/uploaded.bin");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes);
        assertThat(viewer.postJson("api/nodes/main/files/remove", "{\"path\":\"folder/uploaded.bin\"}", true).statusCode())
            .as("a viewer may not remove").isEqualTo(403);
        assertThat(viewer.get("api/nodes/main/files/stat?path=nowhere.txt").statusCode()).isEqualTo(404);

        browser.driver.findElement(By.cssSelector("#files-table tr[data-name='uploaded.bin'] button.remove")).click();
        browser.visible("#confirm-ok").click();
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#files-table tr[data-name='uploaded.bin']")));
        assertThatThrownBy(() -> client.stat(SERVER, "folder/uploaded.bin")).isInstanceOf(dev.cage.protocol.CageFileNotFoundException.class);
    }

    @Test
    @Order(9)
    public void cachePage_showsRatiosWithTheirDefinitions_andTheDataGridsMembers() throws Exception {
        browser.driver.findElement(By.cssSelector("#tabs button[data-tab=cache]")).click();
        WebElement figures = browser.visible("#tier-figures");
        browser.waiting().until(ExpectedConditions.textToBePresentInElement(figures, "cluster hit ratio"));
        assertThat(figures.getText()).contains("cluster hits ÷ pages the local cache missed");
        // The downloads before went through this server's factory: its pages came from the node.
        String nodeReads = figures.findElement(By.xpath(".//div[dt='node reads']/dd")).getText();
        assertThat(Long.parseLong(nodeReads)).isPositive();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("grid-table"), "this server"));
        browser.screenshot("09-cache");
    }

    @Test
    @Order(12)
    public void metrics_theNodesCountersInPrometheusText() throws Exception {
        URI metrics = base.toURI().resolve("/metrics?scope=application");
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        java.util.regex.Matcher writes = java.util.regex.Pattern
            .compile("(?m)^cage_node_writes\\{[^}]*server=\"main\"[^}]*\\} ([0-9.eE+]+)$").matcher(r.body());
        assertThat(writes.find()).as("cage_node_writes for main in:%n%s", r.body()).isTrue();
        assertThat(Double.parseDouble(writes.group(1))).isPositive();
        assertThat(r.body()).containsPattern("(?m)^cage_node_up\\{[^}]*server=\"main\"[^}]*\\} 1");
    }

    @Test
    @Order(10)
    public void users_addOneWithANewSecretShownOnce_thenDisableIt() throws Exception {
        browser.driver.findElement(By.cssSelector("#tabs button[data-tab=users]")).click();
        browser.visible("#user-name").sendKeys("carol");
        browser.driver.findElement(By.id("user-add")).click();
        String secret = browser.visible("#new-secret").getText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(20);
        browser.screenshot("10-new-secret");
        browser.driver.findElement(By.id("secret-close")).click();
        try (Cage carol = Cage.builder().name("carol").pageCount(0)
                .server(SERVER, new ServerSpec("127.0.0.1", node.port(), "carol", secret))
                .responseTimeout(Duration.ofSeconds(15)).build()) {
            carol.list(SERVER, "");

            By row = By.cssSelector("#users-table tr[data-user=carol]");
            browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(row));
            browser.driver.findElement(row).findElement(By.cssSelector("button.disable")).click();
            browser.visible("#confirm-ok").click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(row, "disabled"));
            browser.screenshot("11-users");
            assertThatThrownBy(() -> carol.list(SERVER, "")).isInstanceOf(SessionEndedException.class);
            assertThatThrownBy(() -> carol.list(SERVER, "")).isInstanceOf(dev.cage.protocol.AuthenticationException.class);
        }
        ConsoleHttp viewer = new ConsoleHttp(base.toURI());
        assertThat(viewer.login("viewer", VIEWER_PASSWORD)).isEqualTo(200);
        assertThat(viewer.postJson("api/nodes/main/users", "{\"name\":\"mallory\",\"admin\":true}", true).statusCode())
            .isEqualTo(403);
        assertThat(viewer.get("api/nodes/main/users").body()).contains("\"carol\"").doesNotContain("mallory");
    }

    /** The slow profile's smoke run of {@code cage bench console} against this console: it runs and loses no event. */
    @Test
    @Order(13)
    @org.junit.jupiter.api.Tag("slow")
    public void benchConsole_runsAgainstThisConsole_andNoPageLosesAnEvent() throws Exception {
        Path dir = Path.of(property("cage.it.screenshots")).getParent().resolve("bench-console");
        java.nio.file.Files.createDirectories(dir);
        Path nodeSecret = java.nio.file.Files.writeString(dir.resolve("node.secret"), node.user() + "\n" + node.secret() + "\n");
        Path password = java.nio.file.Files.writeString(dir.resolve("console.password"), ADMIN_PASSWORD + "\n");
        try (dev.cage.testkit.ChildJvm bench = dev.cage.testkit.ChildJvm.builder("bench-console")
                .jar(Path.of(property("cage.jar"))).log(dir.resolve("bench.log"))
                .args("bench", "console", "--node", "127.0.0.1:" + node.port(), "--node-secret-file", nodeSecret.toString(),
                    "--console", base.toString(), "--console-password-file", password.toString(),
                    "--pages", "3", "--sessions", "2", "--seconds", "1", "--rounds", "1", "--warmup", "0").start()) {
            assertThat(bench.waitFor(Duration.ofSeconds(120))).as("bench finished; log:%n%s", bench.logTail(40)).isTrue();
            assertThat(bench.exitValue()).as("exit value; log:%n%s", bench.logTail(40)).isZero();
            assertThat(bench.readLog()).contains("| 4 KiB random writes/s, 2 sessions |").contains("events lost: 0")
                .contains("Page load");
        }
    }

    /** Last: the node goes away; the overview says since when it is down, and that it is up again after a restart. */
    @Test
    @Order(19)
    public void aGroupMember_showsItsMembersWithTheirRolesAndLag_andAStandaloneNodeSaysSo() throws Exception {
        try (Cage toGroup = Cage.builder().name("console-it-group").pageCount(0).responseTimeout(Duration.ofSeconds(20))
            .server("grp", new ServerSpec("127.0.0.1", Integer.parseInt(property("cage.it.groupPort")), node.user(),
                node.secret())).build()) {
            CageChannel ch = toGroup.open("grp", "replicated.txt", OpenMode.SHARED_WRITE, true);
            toGroup.write(ch, 0, "through the group's log".getBytes(StandardCharsets.UTF_8));
            toGroup.close(ch);
            // The console's factory was given m0 and asks it: as the leader, it knows how far every member is.
            toGroup.admin("grp").transferLead("m0");
        }
        browser.driver.findElement(By.cssSelector("#tabs button[data-tab=overview]")).click();
        String card = "article.node[data-server=grp] ";
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(card + ".group-line"), "group " + GroupProcesses.NAME));
        // Both members, m0 leading; once m1 has the write too (and m0, leading anew, has heard so), both in step at
        // the same commit index, past the group's first entries and the write.
        browser.waiting().until(d -> {
            List<String> roles = d.findElements(By.cssSelector(card + ".group-members tbody td.role")).stream()
                .map(WebElement::getText).toList();
            List<String> commits = d.findElements(By.cssSelector(card + ".group-members tbody td.num")).stream()
                .map(WebElement::getText).toList();
            List<WebElement> lags = d.findElements(By.cssSelector(card + ".group-members tbody td.lag"));
            return roles.equals(List.of("leader", "follower")) && lags.stream().allMatch(l -> l.getText().equals("in step"))
                && commits.size() == 2 && commits.stream().allMatch(c -> c.matches("[0-9]+") && Long.parseLong(c) >= 2);
        });
        assertThat(browser.driver.findElements(By.cssSelector(card + ".group-members tbody tr")))
            .extracting(r -> r.getAttribute("data-member")).containsExactly("m0", "m1");
        assertThat(browser.driver.findElement(By.cssSelector("article.node[data-server=main] .group-line")).getText())
            .isEqualTo("standalone node (no replicated group)");
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})",
            browser.driver.findElement(By.cssSelector(card + ".group")));
        browser.screenshot("14-group");
    }

    @Test
    @Order(20)
    public void aNodeThatIsDown_showsAsDownWithSinceWhen_andUpAgainAfterARestart() throws Exception {
        browser.driver.findElement(By.cssSelector("#tabs button[data-tab=overview]")).click();
        By state = By.cssSelector("article.node[data-server=main] .state");
        browser.waiting().until(ExpectedConditions.textToBe(state, "up"));
        node.kill();
        try {
            browser.waiting(Duration.ofSeconds(60))
                .until(ExpectedConditions.textMatches(state, java.util.regex.Pattern.compile("^down since .+")));
            assertThat(browser.driver.findElement(By.cssSelector("article.node[data-server=main] .facts")).getText())
                .contains("error");
            browser.screenshot("13-node-down");
        } finally {
            node.restart();
        }
        browser.waiting(Duration.ofSeconds(60))
            .until(ExpectedConditions.textToBe(state, "up"));
    }

    // ---- helpers

    /** Reloads the page (logged in) and notes how long chromium took to load it and to show the first live data. */
    private static void reportPageTimings() throws Exception {
        browser.driver.navigate().refresh();
        browser.waiting().until(d -> d.findElements(By.cssSelector("article.node[data-server=main] .uplot")).size() == 5
            && browser.driver.executeScript("return window.cageConsole.firstTickAt") != null);
        Object timings = browser.driver.executeScript("const n = performance.getEntriesByType('navigation')[0];"
            + " return 'page load ' + Math.round(n.loadEventEnd) + ' ms, first live data shown '"
            + " + Math.round(window.cageConsole.firstTickAt) + ' ms after navigation';");
        java.nio.file.Files.writeString(Path.of(property("cage.it.screenshots")).resolve("timings.txt"), timings + "\n");
        System.out.println("chromium: " + timings);
    }

    private static void logIn(String user, String password) {
        WebElement name = browser.visible("#login-user");
        name.clear();
        name.sendKeys(user);
        WebElement secret = browser.driver.findElement(By.id("login-password"));
        secret.clear();
        secret.sendKeys(password);
        browser.driver.findElement(By.id("login-submit")).click();
    }

    private static void showHistory(String path) {
        browser.driver.findElement(By.cssSelector("#tabs button[data-tab=history]")).click();
        WebElement input = browser.visible("#history-path");
        input.clear();
        input.sendKeys(path);
        WebElement subtree = browser.driver.findElement(By.id("history-subtree"));
        if (subtree.isSelected()) {
            subtree.click(); // one file's history
        }
        browser.driver.findElement(By.id("history-show")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("history-message"), "journal entries"));
    }

    private static double maxOfSeries(int column) {
        Object max = browser.driver.executeScript(
            "const s = window.cageConsole.nodes.get('main'); return s ? Math.max(0, ...s.data[arguments[0]].filter(v => v != null)) : 0;",
            column);
        return ((Number) max).doubleValue();
    }

    private static void assertNoAlert() {
        try {
            browser.driver.switchTo().alert();
            throw new AssertionError("a script ran: an alert is open");
        } catch (NoAlertPresentException expected) {
            // no script of the file name ran
        }
    }

    private static void writeUntilStopped(AtomicBoolean writing) {
        byte[] page = new byte[4096];
        try {
            CageChannel ch = client.open(SERVER, "throughput.bin", OpenMode.SHARED_WRITE, true);
            try {
                for (int i = 0; writing.get() && i < 100_000; i++) {
                    client.write(ch, (i % 256) * 4096L, page);
                }
            } finally {
                client.close(ch);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the writer failed", e);
        }
    }

    /** Writes the bytes at offset 0: one WRITE entry in the journal (a longer version covers a shorter one). */
    private static void writeFile(String path, byte[] bytes) throws Exception {
        CageChannel ch = client.open(SERVER, path, OpenMode.EXCLUSIVE, true);
        try {
            client.write(ch, 0, bytes);
        } finally {
            client.close(ch);
        }
    }

    private static byte[] readFile(String path) throws Exception {
        CageChannel ch = client.open(SERVER, path, OpenMode.SHARED_READ, false);
        try {
            return client.read(ch, 0, (int) client.stat(ch).size());
        } finally {
            client.close(ch);
        }
    }

    private static void idOf(String line, List<Long> ids) {
        if (line.startsWith("id:")) {
            ids.add(Long.parseLong(line.substring(3).strip()));
        }
    }

    private static String uptime(ConsoleHttp http) throws Exception {
        String body = http.get("api/nodes").body();
        int at = body.indexOf("\"uptime\":\"");
        return body.substring(at + 10, body.indexOf('"', at + 10));
    }

    private static double seconds(String isoDuration) {
        return Duration.parse(isoDuration).toNanos() / 1e9;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run through cage-it's failsafe");
        }
        return value;
    }
}
