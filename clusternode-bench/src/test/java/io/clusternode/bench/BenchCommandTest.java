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
        assertThat(report.path("settings").path("scenarios").get(0).asText()).isEqualTo(scenario);
        assertThat(report.path("settings").path("quick").asBoolean()).isTrue();
        assertThat(report.path("summary").path("targets").asInt()).as("quick mode judges no target").isZero();
        assertThat(report.path("summary").path("missed").isArray()).isTrue();
        assertThat(report.path("summary").path("note").asText()).contains("not comparable");
        JsonNode rows = report.path("rows");
        assertThat(rows.size()).isPositive();
        int measured = 0;
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (JsonNode row : rows) {
            assertThat(row.path("scenario").asText()).isEqualTo(scenario);
            assertThat(row.path("id").asText()).as(row.toString())
                    .matches("[a-z0-9_]+(\\.[a-z0-9_]+)+").startsWith(scenario.replace('-', '_') + ".");
            assertThat(ids.add(row.path("id").asText())).as("unique id " + row.path("id")).isTrue();
            assertThat(row.path("met").isNull() || row.path("met").isMissingNode()).as(row.toString()).isTrue();
            assertThat(row.path("metric").asText()).isNotBlank();
            assertThat(row.path("metric").asText()).doesNotContain("scenario failed");
            if (row.path("value").isNumber()) {
                measured++;
                double value = row.path("value").asDouble();
                assertThat(Double.isFinite(value)).as(row.toString()).isTrue();
                if (row.path("metric").asText().startsWith("errors")) {
                    assertThat(value).as(row.toString()).isZero();
                } else if (!row.path("unit").asText().equals("MB") && !row.path("unit").asText().equals("B")
                        && !row.path("id").asText().endsWith(".overhead.percent")) {
                    // heap differences may legitimately be negative (GC noise), and so may an overhead that is
                    // within the noise of the paired rounds; every other figure is not
                    assertThat(value).as(row.toString()).isGreaterThanOrEqualTo(0);
                }
            } else {
                assertThat(row.path("note").asText()).as(row.toString()).isNotBlank();
            }
        }
        assertThat(measured).isPositive();
        if (scenario.equals("agent")) {
            assertThat(ids).contains("agent.executor.metrics_off.single_thread.runs_per_s",
                    "agent.executor.metrics_on.single_thread.runs_per_s", "agent.executor.metrics.on_off.ratio",
                    "agent.executor.metrics.overhead.percent");
            JsonNode overhead = row(rows, "agent.executor.metrics.overhead.percent");
            assertThat(overhead.path("target").asText()).isEqualTo("< 5 %");
            assertThat(overhead.path("unit").asText()).isEqualTo("%");
            assertThat(row(rows, "agent.executor.metrics.on_off.ratio").path("value").asDouble()).isPositive();
        }
        if (scenario.equals("init")) {
            assertThat(ids).contains("init.first_call.no_warm_up.ms", "init.first_call.after_warm_up.ms",
                    "init.warm_up.ms", "init.first_answer.since_jvm_start.no_warm_up.ms",
                    "init.first_answer.since_jvm_start.with_warm_up.ms");
            assertThat(row(rows, "init.warm_up.ms").path("value").asDouble()).isPositive();
            assertThat(row(rows, "init.first_call.no_warm_up.ms").path("target").asText()).isEmpty();
        }
        // the table went to stdout with the header, the progress to stderr; quick mode gives no verdict
        assertThat(out.toString()).contains("hetumind's published figure").contains(scenario)
                .contains("not comparable").doesNotContain("targets met").doesNotContain("MISSED");
        assertThat(out.toString() + err).doesNotContainIgnoringCase("seed").doesNotContainIgnoringCase("issue");
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
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertThat(report.path("settings").path("stress.users").asInt()).isEqualTo(7);
        assertThat(report.path("settings").path("stress.requestsPerUser").asInt()).isEqualTo(3);
        assertThat(report.path("summary").path("targets").asInt()).as("a full-size run judges its targets")
                .isPositive();
        assertThat(out.toString()).contains("targets met");
        List<String> ids = new ArrayList<>();
        report.path("rows").forEach(row -> ids.add(row.path("id").asText()));
        assertThat(ids).contains("stress.latency_1ms.req_per_s", "stress.latency_1ms.errors.count");
    }

    @Test
    void quickSoakReportsTheLengthItReallyRan() throws Exception {
        Path json = dir.resolve("soak.json");
        int exit = run("--quick", "--scenario", "soak", "--duration", "1h", "--json", json.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(Json.MAPPER.readTree(json.toFile()).path("settings").path("soak.seconds").asDouble())
                .isEqualTo(1.5);
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
        assertThat(out.toString()).doesNotContainIgnoringCase("seed").doesNotContainIgnoringCase("issue");
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

    private static JsonNode row(JsonNode rows, String id) {
        for (JsonNode row : rows) {
            if (row.path("id").asText().equals(id)) {
                return row;
            }
        }
        throw new AssertionError("no row " + id);
    }
}
