package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clusternode.core.spi.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * n8n's own chat widget ({@code @n8n/chat}, the version pinned below, from npm) in Chromium against the chat
 * trigger's endpoint: the widget's page and files come from a second loopback server, so every call is
 * cross-origin and goes through the chat trigger's {@code allowedOrigins}. {@code .ci/run} puts the package in
 * {@code .ci/n8n-chat}; a local run fetches it there with {@code npm pack} when npm is installed, and skips when it
 * cannot; under {@code CI=true} a missing package or browser fails the test.
 */
class N8nChatWidgetBrowserTest {

    static final String VERSION = "1.37.0";
    static final Path PACKAGE = Path.of("..", ".ci", "n8n-chat").toAbsolutePath().normalize();

    private static ClusterNodeServer server;
    private static HttpServer pages;
    private static Chromium chromium;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path dist = widget();
        chromium = Chromium.start();
        browser = chromium.browser();
        server = ClusterNodeServer.start(WorkflowEndpointsTest.config(
                WorkflowEndpointsTest.resource("workflows").toString(),
                WorkflowEndpointsTest.resource("workflow-credentials.json").toString()), Settings.empty());
        pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pages.createContext("/", exchange -> serve(exchange, dist));
        pages.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (pages != null) {
                pages.stop(0);
            }
            if (server != null) {
                server.close();
            }
        }
    }

    /** The widget's dist folder: installed, fetched with npm, or the test skips (fails under CI=true). */
    private static Path widget() throws Exception {
        Path dist = PACKAGE.resolve("package").resolve("dist");
        Path manifest = PACKAGE.resolve("package").resolve("package.json");
        boolean installed = Files.isRegularFile(manifest)
                && Files.readString(manifest).contains("\"version\": \"" + VERSION + "\"");
        String npm = OpenAiNodeClientTest.executable("npm");
        String tar = OpenAiNodeClientTest.executable("tar");
        if (!installed && npm != null && tar != null) {
            Files.createDirectories(PACKAGE);
            Process pack = new ProcessBuilder(npm, "pack", "@n8n/chat@" + VERSION, "--pack-destination",
                    PACKAGE.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Path tarball = PACKAGE.resolve("n8n-chat-" + VERSION + ".tgz");
            if (pack.waitFor(120, TimeUnit.SECONDS) && pack.exitValue() == 0 && Files.isRegularFile(tarball)) {
                Process unpack = new ProcessBuilder(tar, "xzf", tarball.toString(), "-C", PACKAGE.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                installed = unpack.waitFor(60, TimeUnit.SECONDS) && unpack.exitValue() == 0
                        && Files.isRegularFile(dist.resolve("chat.bundle.es.js"));
            }
        }
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("@n8n/chat " + VERSION + " is required when CI=true; .ci/run installs it into"
                    + " .ci/n8n-chat");
        }
        assumeTrue(installed, "@n8n/chat " + VERSION + " is missing and npm could not fetch it; skipping the chat"
                + " widget test (npm pack @n8n/chat@" + VERSION + " into .ci/n8n-chat and unpack it)");
        return dist;
    }

    /** The test page ({@code /chat.html?hook=ID&stream=BOOL}) and the widget's files. */
    private static void serve(HttpExchange exchange, Path dist) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        String type;
        if (path.equals("/chat.html")) {
            String query = exchange.getRequestURI().getQuery();
            String hook = query.replaceAll(".*hook=([a-z-]+).*", "$1");
            boolean stream = query.contains("stream=true");
            body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>widget</title>"
                    + "<link href=\"/dist/style.css\" rel=\"stylesheet\"></head><body>"
                    + "<script type=\"module\">import { createChat } from '/dist/chat.bundle.es.js';"
                    + "createChat({ webhookUrl: 'http://127.0.0.1:" + server.port() + "/webhook/" + hook + "/chat',"
                    + " mode: 'window', loadPreviousSession: true, showWelcomeScreen: false, initialMessages: [],"
                    + " enableStreaming: " + stream + " });</script></body></html>").getBytes(StandardCharsets.UTF_8);
            type = "text/html; charset=utf-8";
        } else if (path.startsWith("/dist/") && !path.contains("..")) {
            Path file = dist.resolve(path.substring("/dist/".length()));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            body = Files.readAllBytes(file);
            type = path.endsWith(".css") ? "text/css" : path.endsWith(".js") || path.endsWith(".mjs")
                    ? "text/javascript" : "application/octet-stream";
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static void open(String hook, boolean stream) {
        browser.get("http://127.0.0.1:" + pages.getAddress().getPort() + "/chat.html?hook=" + hook + "&stream=" + stream);
        waiting().until(d -> !d.findElements(By.cssSelector(".chat-window-toggle")).isEmpty());
        browser.findElement(By.cssSelector(".chat-window-toggle")).click();
        waiting().until(d -> d.findElements(By.cssSelector(".chat-input textarea")).stream().anyMatch(WebElement::isDisplayed));
    }

    private static void send(String text) {
        WebElement input = browser.findElement(By.cssSelector(".chat-input textarea"));
        waiting().until(d -> input.isEnabled());
        input.sendKeys(text);
        browser.findElement(By.cssSelector(".chat-input-send-button")).click();
    }

    /** The messages shown, read in one script call (the widget re-renders them while it works). */
    private static List<String> messages() {
        Object shown = ((JavascriptExecutor) browser).executeScript("return Array.from(document.querySelectorAll("
                + "'.chat-message')).map(m => (m.classList.contains('chat-message-from-user') ? 'user: ' : 'bot: ')"
                + " + m.innerText.trim());");
        List<String> out = new java.util.ArrayList<>();
        if (shown instanceof List<?> list) {
            list.forEach(item -> out.add(String.valueOf(item)));
        }
        return out;
    }

    @Test
    void theWidgetChatsWithAWorkflowAndLoadsThePreviousSessionAfterAReload() {
        open("chat-bot-hook", false);
        send("What is 6 * 7?");
        waiting().until(d -> messages().contains("bot: The result is 42."));

        browser.navigate().refresh();
        open("chat-bot-hook", false);
        waiting().until(d -> messages().size() >= 2);
        assertThat(messages()).containsExactly("user: What is 6 * 7?", "bot: The result is 42.");
        send("What is 2 + 2?");
        waiting().until(d -> messages().contains("bot: The result is 4."));
    }

    @Test
    void theWidgetShowsAStreamedAnswer() {
        open("stream-bot-hook", true);
        send("What is 12 * 12?");
        waiting().until(d -> messages().stream().anyMatch(m -> m.equals("bot: The result is 144.")));
        assertThat(messages()).contains("user: What is 12 * 12?");
    }
}
