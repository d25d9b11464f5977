package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clusternode.core.spi.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard in docs/monitoring: promtool checks and unit-tests the rules, and every
 * ClusterNode metric they query is one a real server exposes.
 */
class MonitoringRulesTest {

    private static final Path MONITORING = Path.of("..", "docs", "monitoring");
    private static final Pattern METRIC = Pattern.compile("\\b(clusternode_[a-z_]+)");

    @Test
    void promtoolAcceptsAndUnitTestsTheRules() throws Exception {
        String promtool = OpenAiNodeClientTest.executable("promtool");
        if (promtool == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("promtool is not installed (Debian package 'prometheus'); .ci/run installs it");
        }
        assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus); skipping the rule check");
        assertThat(run(promtool, "check", "rules", MONITORING.resolve("alerts.yml").toString())).contains("SUCCESS");
        assertThat(run(promtool, "test", "rules", MONITORING.resolve("alerts-test.yml").toString())).contains("SUCCESS");
    }

    @Test
    void everyMetricTheRulesAndTheDashboardQueryIsExposed() throws IOException {
        Set<String> queried = new TreeSet<>();
        for (String file : new String[] {"alerts.yml", "grafana-dashboard.json"}) {
            Matcher matcher = METRIC.matcher(Files.readString(MONITORING.resolve(file), StandardCharsets.UTF_8));
            while (matcher.find()) {
                queried.add(matcher.group(1));
            }
        }
        assertThat(queried).contains("clusternode_model_circuit_state", "clusternode_memory_up",
                "clusternode_agent_runs_in_flight", "clusternode_http_server_requests_seconds_bucket");
        // An HTTP model (never called here) so that the circuit-breaker gauge exists too.
        Settings settings = Settings.of(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:9/v1", "OPENAI_API_KEY", "unused"));
        ServerConfig config = ServerConfig.resolve(Map.of(ServerConfig.PORT, "0", ServerConfig.MODEL, "openai:test-model"),
                settings);
        String scrape;
        try (ClusterNodeServer server = ClusterNodeServer.start(config, settings)) {
            Http http = new Http(server.port());
            // Meters that appear on first use (their recording is tested in SessionsAndMetricsTest).
            server.metrics().agentRun("clusternode", "success", 1);
            server.metrics().modelCall("test-model", "success", 1);
            server.metrics().modelTokens("test-model", 1, 1);
            server.metrics().toolCall("calculator", "success", 1);
            server.metrics().memoryOperation("memory_buffer_window", "store", "success", 1);
            http.get("/health/live");
            scrape = http.get("/metrics").body();
        }
        for (String metric : queried) {
            assertThat(scrape).as("a server exposes %s", metric).contains(metric);
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
