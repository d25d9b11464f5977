package io.clusternode.bench;

import io.clusternode.bench.report.BenchReport;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Summary;
import io.clusternode.bench.report.TablePrinter;
import io.clusternode.bench.scenario.Scenario;
import io.clusternode.bench.scenario.Scenarios;
import io.clusternode.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clusternode bench}: runs the scenarios that reproduce hetumind's performance report against the library,
 * shows a progress bar on stderr, then prints a table (measured value, hetumind's published figure, the target, and the
 * ratio to the target) on stdout, and optionally writes the same data as JSON and the concurrency plot as SVG.
 * Exit code 0 when every scenario ran (targets missed are reported, not failures), 1 when one failed.
 */
@Command(name = "bench", sortOptions = false,
        description = {"Measures ClusterNode against hetumind's published performance figures: provider initialisation, model"
                + " calls, memory backends, agent runs (next to LangChain4j), concurrent mixed tasks, stress, soak,"
                + " heap, and a concurrency sweep.",
            "Progress goes to stderr, the table to stdout."},
        footer = {"", "Examples:", "  clusternode bench",
            "  clusternode bench --scenario stress --latency-ms 20",
            "  clusternode bench --scenario stress --users 200 --requests 500",
            "  clusternode bench --json results.json",
            "  clusternode bench --scenario concurrency-sweep --plot docs/throughput.svg"})
public final class BenchCommand implements Callable<Integer> {

    /** Completion candidates (and the names listed by --help). */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>();
            names.add("all");
            names.addAll(Scenarios.names());
            return names.iterator();
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--scenario", paramLabel = "NAME", completionCandidates = ScenarioNames.class,
            description = "Scenario to run (default: all): ${COMPLETION-CANDIDATES}.")
    String scenario = "all";

    @Option(names = "--users", paramLabel = "U", description = "Stress users, each a virtual thread (default: 1000).")
    int users = 1000;

    @Option(names = "--requests", paramLabel = "R", description = "Stress requests per user (default: 100).")
    int requests = 100;

    @Option(names = "--latency-ms", paramLabel = "MS",
            description = "Simulated model latency of the stress run (default: runs it at 0 ms and at 20 ms)"
                    + " and of the concurrency sweep (default: 1 ms).")
    Integer latencyMs;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "Soak duration: 90, 90s, 5m, 1h or PT1H (default: 60s; hetumind's published soak ran 1 hour).")
    String duration = "60s";

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Write the concurrency sweep's throughput/p99 plot as SVG to FILE.")
    Path plot;

    @Option(names = "--quick", description = "Tiny sizes: checks every scenario works in seconds. Quick figures are"
            + " not comparable with the targets, so no verdicts are given.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (users < 1 || requests < 1) {
            throw new ParameterException(spec.commandLine(), "--users and --requests must be at least 1");
        }
        if (latencyMs != null && latencyMs < 0) {
            throw new ParameterException(spec.commandLine(), "--latency-ms must not be negative");
        }
        Duration soak = parseDuration(duration);
        List<Scenario> selected;
        if (scenario == null || scenario.equals("all")) {
            selected = Scenarios.all();
        } else {
            selected = List.of(Scenarios.byName(scenario).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown scenario '" + scenario + "'; choose one of: all, "
                            + String.join(", ", Scenarios.names()))));
        }
        // Quick mode keeps the stress run tiny too, unless the user chose the sizes.
        int stressUsers = quick && !spec.commandLine().getParseResult().hasMatchedOption("--users") ? 20 : users;
        int stressRequests = quick && !spec.commandLine().getParseResult().hasMatchedOption("--requests") ? 10
                : requests;
        BenchSettings settings = new BenchSettings(stressUsers, stressRequests, latencyMs, soak, quick, plot,
                Path.of(System.getProperty("java.io.tmpdir")));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String startedAt = Instant.now().toString();
        List<Row> rows = new ArrayList<>();
        Map<String, Object> series = new LinkedHashMap<>();
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("quick", quick);
        used.put("scenarios", selected.stream().map(Scenario::name).toList());
        int failures = 0;
        try (Progress progress = new Progress(err, selected.size())) {
            for (Scenario s : selected) {
                progress.scenario(s.name());
                BenchContext context = new BenchContext(settings, progress);
                try {
                    s.run(context);
                } catch (Exception | AssertionError e) {
                    failures++;
                    context.add(Row.missing(s.name(), "scenario failed", e.toString()));
                } finally {
                    progress.scenarioDone();
                }
                rows.addAll(quick ? context.rows().stream().map(Row::withoutVerdict).toList() : context.rows());
                series.putAll(context.series());
                used.putAll(context.used());
            }
        }
        out.println();
        out.printf(Locale.ROOT, "ClusterNode bench, %s, Java %s, %d processors, max heap %.0f MB%s%n", startedAt,
                Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0), quick ? " (QUICK MODE: sizes are tiny)" : "");
        out.println();
        TablePrinter.print(rows, quick, out);
        out.flush();
        if (json != null) {
            BenchReport report = new BenchReport(startedAt, environment(), used, rows,
                    quick ? Summary.none(TablePrinter.QUICK_NOTE) : Summary.of(rows), series);
            if (json.toAbsolutePath().getParent() != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
            }
            write(report, json);
            err.println("results written to " + json);
        }
        if (plot != null && Files.exists(plot)) {
            err.println("plot written to " + plot);
        }
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    private static void write(BenchReport report, Path file) throws IOException {
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
    }

    private static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java", Runtime.version().toString());
        env.put("vm", System.getProperty("java.vm.name"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("processors", Runtime.getRuntime().availableProcessors());
        env.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        env.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return env;
    }

    /** Parses 90, 90s, 5m, 1h, 500ms or an ISO-8601 duration. */
    Duration parseDuration(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration parsed;
            if (value.startsWith("p")) {
                parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
            } else if (value.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                parsed = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("m")) {
                parsed = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("h")) {
                parsed = Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
            } else {
                parsed = Duration.ofSeconds(Long.parseLong(value));
            }
            if (parsed.isNegative() || parsed.isZero()) {
                throw new ParameterException(spec.commandLine(), "--duration must be positive, was '" + text + "'");
            }
            return parsed;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "invalid --duration '" + text
                    + "'; use e.g. 90, 90s, 5m, 1h or PT1H");
        }
    }
}
