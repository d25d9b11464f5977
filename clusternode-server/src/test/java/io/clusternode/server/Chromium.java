package io.clusternode.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven by Selenium through Debian's chromedriver (no browser or driver is downloaded), headless,
 * with a fresh profile. The browser tests skip when either is missing, except under {@code CI=true}, where they fail.
 */
final class Chromium implements AutoCloseable {

    private final WebDriver browser;
    private final Path profile;

    private Chromium(WebDriver browser, Path profile) {
        this.browser = browser;
        this.profile = profile;
    }

    /** Starts a headless Chromium, or skips the test (fails it under {@code CI=true}) when none is installed. */
    static Chromium start() throws IOException {
        String chromium = OpenAiNodeClientTest.executable("chromium");
        String driver = OpenAiNodeClientTest.executable("chromedriver");
        if ((chromium == null || driver == null) && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("chromium and chromium-driver are required when CI=true; .ci/run installs them");
        }
        assumeTrue(chromium != null && driver != null,
                "chromium or chromedriver is missing (apt-get install chromium chromium-driver); skipping the browser test");
        Path profile = Files.createTempDirectory("clusternode-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().build();
        return new Chromium(new ChromeDriver(service, options), profile);
    }

    WebDriver browser() {
        return browser;
    }

    @Override
    public void close() throws IOException {
        try {
            browser.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
