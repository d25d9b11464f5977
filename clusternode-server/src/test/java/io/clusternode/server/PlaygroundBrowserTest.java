package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.spi.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real browser ({@link Chromium}). Skipped when Chromium is not installed, except under
 * {@code CI=true}.
 */
class PlaygroundBrowserTest {

    private static final String KEY = "sk-playground-test";

    private static ClusterNodeServer server;
    private static Chromium chromium;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start();
        browser = chromium.browser();
        server = ClusterNodeServer.start(ServerConfig.resolve(Map.of(ServerConfig.PORT, "0", ServerConfig.API_KEYS, KEY),
                Settings.empty()), Settings.empty());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @Test
    void chatStreamsAnAnswerShowsToolsAndTimingsAndKeepsHistoryAcrossReloads() {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        // Without the key the API refuses; the page says so, and works once the key is entered.
        waiting().until(d -> d.findElement(By.id("status")).getText().contains("API key"));
        WebElement key = browser.findElement(By.id("api-key"));
        key.sendKeys(KEY);
        key.sendKeys(org.openqa.selenium.Keys.TAB);
        waiting().until(d -> !d.findElements(By.cssSelector("#agent option")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#agent option")).getText()).isEqualTo("clusternode");

        browser.findElement(By.id("input")).sendKeys("What is 7 * 6?");
        browser.findElement(By.id("send")).click();
        waiting().until(d -> !d.findElements(By.cssSelector(".message.assistant[data-done='true']")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".message.assistant[data-done='true']")).getText())
                .isEqualTo("The result is 42.");
        String details = browser.findElement(By.cssSelector(".details")).getText();
        assertThat(details).contains("tool calculator {\"expression\":\"7 * 6\"} -> 42", "model_call", "total", "ms");
        String session = browser.findElement(By.id("session-label")).getText().replace("Session ", "");
        waiting().until(d -> d.findElements(By.cssSelector("#sessions li")).stream()
                .anyMatch(li -> li.getText().startsWith(session)));

        browser.navigate().refresh();
        waiting().until(d -> d.findElements(By.cssSelector(".message.assistant")).size() == 1);
        List<String> history = browser.findElements(By.cssSelector("#messages .message")).stream()
                .map(WebElement::getText).toList();
        assertThat(history).containsExactly("What is 7 * 6?", "tool calculator {\"expression\":\"7 * 6\"}",
                "tool result: 42", "The result is 42.");
        assertThat(browser.findElement(By.id("session-label")).getText()).isEqualTo("Session " + session);
        assertThat(server.catalog().memory().stats(session)).isPresent();
    }
}
