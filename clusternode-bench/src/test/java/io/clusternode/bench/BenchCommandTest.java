package io.clusternode.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.bench.scenario.Scenarios;
import io.clusternode.core.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Runs every scenario in quick mode through the real command line and checks the results are sane. */
class BenchCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    static List<String> scenarios() {
        return Scenarios.names();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenarioRunsInQuickModeAndWritesParseableJson(String scenario) throws Exception {
        Path json = dir.resolve(scenario + ".json");
        int exit = run("--quick", "--scenario", scenario, "--json", json.toString(), "--duration", "2s");

        assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertThat(report.path("environment").path("processors").asInt()).isPositive();
        assertThat(report.path("environment").path("scenarios").get(0).asText()).isEqualTo(scenario);
        JsonNode rows = report.path("rows");
        assertThat(rows.size()).isPositive();
        int measured = 0;
        for (JsonNode row : rows) {
            assertThat(row.path("scenario").asText()).isEqualTo(scenario);
            assertThat(row.path("metric").asText()).isNotBlank();
            assertThat(row.path("metric").asText()).doesNotContain("scenario failed");
            if (row.path("value").isNumber()) {
                measured++;
                double value = row.path("value").asDouble();
                assertThat(Double.isFinite(value)).as(row.toString()).isTrue();
                if (row.path("metric").asText().startsWith("errors")) {
                    assertThat(value).as(row.toString()).isZero();
                } else if (!row.path("unit").asText().equals("MB") && !row.path("unit").asText().equals("B")) {
                    // heap differences may legitimately be negative (GC noise); every other figure is not
                    assertThat(value).as(row.toString()).isGreaterThanOrEqualTo(0);
                }
            } else {
                assertThat(row.path("note").asText()).as(row.toString()).isNotBlank();
            }
        }
        assertThat(measured).isPositive();
        // the table went to stdout with the header, the progress to stderr
        assertThat(out.toString()).contains("seed's target").contains(scenario);
        assertThat(err.toString()).contains(scenario);
    }

    @Test
    void stressRunsExactlyTheRequestedRequestsWithoutErrors() throws Exception {
        Path json = dir.resolve("stress.json");
        int exit = run("--scenario", "stress", "--users", "7", "--requests", "3", "--latency-ms", "1", "--json",
                json.toString());

        assertThat(exit).as(err.toString()).isZero();
        JsonNode stress = Json.MAPPER.readTree(json.toFile()).path("series").path("stress").path("1ms");
        assertThat(stress.path("requests").asLong()).isEqualTo(21);
        assertThat(stress.path("errors").asLong()).isZero();
        assertThat(stress.path("metricsCollector").path("totalRequests").asLong()).isEqualTo(21);
        assertThat(stress.path("metricsCollector").path("successfulRequests").asLong()).isEqualTo(21);
        assertThat(stress.path("p99Millis").asDouble()).isPositive();
    }

    @Test
    void concurrencySweepWritesAnSvgPlot() throws Exception {
        Path svg = dir.resolve("plots/throughput.svg");
        Path json = dir.resolve("sweep.json");
        int exit = run("--quick", "--scenario", "concurrency-sweep", "--plot", svg.toString(), "--json",
                json.toString());

        assertThat(exit).as(err.toString()).isZero();
        String text = Files.readString(svg);
        assertThat(text).startsWith("<svg").contains("polyline").contains("p99 latency").endsWith("</svg>\n");
        JsonNode points = Json.MAPPER.readTree(json.toFile()).path("series").path("concurrency-sweep");
        List<Integer> users = new ArrayList<>();
        points.forEach(p -> users.add(p.path("users").asInt()));
        assertThat(users).containsExactly(1, 2, 4, 8);
        points.forEach(p -> assertThat(p.path("perSecond").asDouble()).isPositive());
    }

    @Test
    void helpListsEveryScenario() {
        assertThat(run("--help")).isZero();
        for (String name : Scenarios.names()) {
            assertThat(out.toString()).contains(name);
        }
        assertThat(out.toString()).contains("--latency-ms").contains("--json").contains("--plot").contains("--quick");
    }

    @Test
    void unknownScenarioIsAUsageError() {
        assertThat(run("--scenario", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario 'nope'").contains("stress");
    }

    @Test
    void badNumbersAreUsageErrors() {
        assertThat(run("--users", "0")).isEqualTo(2);
        assertThat(run("--latency-ms", "-1")).isEqualTo(2);
        assertThat(run("--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid --duration 'soon'");
    }

    @Test
    void parsesDurations() {
        CommandLine cli = new CommandLine(new BenchCommand());
        BenchCommand command = cli.getCommand();
        assertThat(command.parseDuration("90")).hasSeconds(90);
        assertThat(command.parseDuration("90s")).hasSeconds(90);
        assertThat(command.parseDuration("5m")).hasMinutes(5);
        assertThat(command.parseDuration("1h")).hasHours(1);
        assertThat(command.parseDuration("500ms")).hasMillis(500);
        assertThat(command.parseDuration("PT2M")).hasMinutes(2);
    }
}
