package io.clusternode.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Load;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.json.Json;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.spi.Settings;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.RunRequest;
import io.clusternode.workflow.Workflow;
import io.clusternode.workflow.WorkflowRunner;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.expression.ExpressionScope;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.expression.JavaScript;
import io.clusternode.workflow.expression.RunData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The workflow engine's cost: runs/s of an n8n workflow (chat trigger, AI Agent with the simulated model,
 * Simple Memory and Calculator) against the same agent run directly, at 1 and 64 threads; the cost of one
 * expression (plain path, JavaScript template); and the wall time of a cold {@code clusternode run}.
 */
public final class WorkflowScenario implements Scenario {

    private static final String S = "workflow";

    /** The workflow, in n8n's format: what a user exports from n8n with the model swapped for the offline one. */
    static final String WORKFLOW = """
            {"name": "calculator bot", "nodes": [
              {"name": "When chat message received", "type": "@n8n/n8n-nodes-langchain.chatTrigger", "typeVersion": 1.1,
               "parameters": {}},
              {"name": "AI Agent", "type": "@n8n/n8n-nodes-langchain.agent", "typeVersion": 1.8, "parameters": {}},
              {"name": "Chat Model", "type": "clusternode.lmChatSimulated", "typeVersion": 1, "parameters": {}},
              {"name": "Simple Memory", "type": "@n8n/n8n-nodes-langchain.memoryBufferWindow", "typeVersion": 1.3,
               "parameters": {"contextWindowLength": 10}},
              {"name": "Calculator", "type": "@n8n/n8n-nodes-langchain.toolCalculator", "typeVersion": 1, "parameters": {}}
            ], "connections": {
              "When chat message received": {"main": [[{"node": "AI Agent", "type": "main", "index": 0}]]},
              "Chat Model": {"ai_languageModel": [[{"node": "AI Agent", "type": "ai_languageModel", "index": 0}]]},
              "Simple Memory": {"ai_memory": [[{"node": "AI Agent", "type": "ai_memory", "index": 0}]]},
              "Calculator": {"ai_tool": [[{"node": "AI Agent", "type": "ai_tool", "index": 0}]]}
            }}""";

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "n8n workflow (chat trigger, agent, memory, calculator) vs the same agent run directly; expression cost;"
                + " cold clusternode run";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var settings = context.settings();
        int pool = 1000;
        String[] sessions = Fixtures.sessions("wf", pool);
        String[] directSessions = Fixtures.sessions("direct", pool);
        WorkflowRunner runner = Workflow.parse(WORKFLOW, "calculator-bot.json").bind(Credentials.none(),
                WorkflowRunner.Options.defaults().withSettings(Settings.empty()));
        // The same agent as the workflow builds: simulated model, window memory of the same size, calculator,
        // n8n's default system message, 10 exchanges of history.
        WindowMemory memory = WindowMemory.builder().maxMessages(WindowMemory.DEFAULT_MAX_MESSAGES).build();
        AiAgent agent = Fixtures.agent(new SimulatedLlmProvider(), memory);
        AgentConfig base = AgentConfig.defaults().withSystemPrompt("You are a helpful assistant").withHistoryLimit(20);

        Load.Op viaWorkflow = (w, i) -> {
            List<Item> items = runner.run(RunRequest.chat(Fixtures.QUESTION_TEXT, sessions[(int) (i % pool)])).items();
            if (!Fixtures.ANSWER.equals(items.get(0).json().path("output").asText())) {
                throw new AssertionError("unexpected workflow answer: " + items.get(0).json());
            }
        };
        Load.Op direct = (w, i) -> Fixtures.checkToolRun(agent.execute(Fixtures.QUESTION,
                base.withSessionId(directSessions[(int) (i % pool)])));

        long warm = settings.budget(2000, 50);
        long slice = settings.budget(150, 25);
        int pairs = settings.size(30, 1);
        long maxOps = settings.size(50_000_000, 200);
        for (int threads : new int[] {1, 64}) {
            context.progress().phase("warm-up, " + threads + " thread(s)", 2);
            Load.check(Load.run(threads, maxOps, warm, false, null, viaWorkflow));
            Load.check(Load.run(threads, maxOps, warm, false, null, direct));
            context.progress().phase("alternating slices, " + threads + " thread(s)", 2);
            context.progress().advance(1);
            Load.Paired paired = Load.paired(threads, maxOps, slice, pairs, viaWorkflow, direct);
            double viaWorkflowPerSecond = paired.perSecondA();
            double directPerSecond = paired.perSecondB();
            String label = threads == 1 ? "1 thread" : threads + " threads";
            context.add(Row.info(S, "agent run directly, runs/s, " + label, directPerSecond, "runs/s"));
            context.add(Row.of(S, "workflow runs/s (chat trigger, agent, memory, calculator), " + label,
                    viaWorkflowPerSecond, "runs/s", "",
                    String.format(Locale.ROOT, ">= 80%% of direct (%,.0f/s)", 0.8 * directPerSecond),
                    0.8 * directPerSecond, Better.HIGHER).withNote(paired.spread()));
            context.add(Row.info(S, "workflow / direct, " + label, paired.ratio(), "x"));
        }
        runner.close();
        memory.close();

        context.progress().phase("expressions", 2);
        expressions(context);
        context.progress().phase("cold clusternode run", 3);
        coldRun(context);
    }

    private static void expressions(BenchContext context) {
        ObjectNode json = (ObjectNode) Json.parse("{\"chatInput\": \"What is 12 * 7?\", \"body\": {\"user\": {\"id\": 7}}}", "x");
        Item item = Item.trigger("Trigger", json);
        ExpressionScope scope = new ExpressionScope(new FixedRun(item), item, 0, List.of(item), null);
        Expressions expressions = new Expressions();
        JsonNode plain = TextNode.valueOf("={{ $json.body.user.id }}");
        JsonNode named = TextNode.valueOf("={{ $('Trigger').item.json.chatInput }}");
        int n = context.settings().size(2_000_000, 10_000);
        double plainNs = perCall(() -> expressions.resolve(plain, scope, "bench"), n / 4, n);
        double namedNs = perCall(() -> expressions.resolve(named, scope, "bench"), n / 4, n);
        context.add(Row.of(S, "expression {{ $json.body.user.id }} (plain path, no JavaScript)", plainNs / 1000, "µs",
                "", "< 1 µs", 1.0, Better.LOWER));
        context.add(Row.of(S, "expression {{ $('Trigger').item.json.chatInput }} (plain path)", namedNs / 1000, "µs",
                "", "< 1 µs", 1.0, Better.LOWER));
        JsonNode script = TextNode.valueOf("=Q: {{ $json.chatInput.toUpperCase() + '!' }}");
        if (JavaScript.shared() instanceof JavaScript.Unavailable) {
            context.add(Row.missing(S, "expression with JavaScript, warm", "no JavaScript engine on the class path"));
            return;
        }
        long t = System.nanoTime();
        expressions.resolve(script, scope, "bench");
        double firstMs = (System.nanoTime() - t) / 1e6;
        // GraalJS runs in interpreter mode here: the interpreter's own Java code needs a long warm-up.
        int jsCalls = Math.max(100, n / 100);
        double jsNs = perCall(() -> expressions.resolve(script, scope, "bench"), 3 * jsCalls, jsCalls);
        context.add(Row.info(S, "first JavaScript expression in a JVM (engine start)", firstMs, "ms"));
        context.add(Row.of(S, "expression with JavaScript {{ $json.chatInput.toUpperCase() + '!' }}, warm",
                jsNs / 1000, "µs", "", "< 50 µs", 50.0, Better.LOWER));
    }

    /** Best of three rounds of {@code n} calls, in nanoseconds per call, after {@code warmUp} calls. */
    private static double perCall(java.util.function.Supplier<JsonNode> call, int warmUp, int n) {
        long sink = 0;
        for (int i = 0; i < Math.max(1000, warmUp); i++) {
            sink += call.get().hashCode();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += call.get().hashCode();
            }
            best = Math.min(best, (System.nanoTime() - t) / (double) n);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }

    /** Wall time of {@code clusternode run FILE -m TEXT} in fresh JVMs, when the CLI is on this class path. */
    private static void coldRun(BenchContext context) throws Exception {
        String cli = "io.clusternode.cli.ClusterNodeCli";
        if (WorkflowScenario.class.getClassLoader().getResource(cli.replace('.', '/') + ".class") == null) {
            context.add(Row.missing(S, "cold clusternode run (wall)", "run the bench from the clusternode CLI jar"));
            return;
        }
        Path file = Files.createTempFile("calculator-bot", ".json");
        Files.writeString(file, WORKFLOW, StandardCharsets.UTF_8);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        int samples = context.settings().size(5, 1);
        double[] millis = new double[samples];
        try {
            for (int s = 0; s < samples; s++) {
                long t = System.nanoTime();
                Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), cli,
                        "run", file.toString(), "-m", Fixtures.QUESTION_TEXT, "--output", "text")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (process.waitFor() != 0 || !out.equals(Fixtures.ANSWER)) {
                    throw new IllegalStateException("clusternode run failed: " + out);
                }
                millis[s] = (System.nanoTime() - t) / 1e6;
                context.progress().advance(1);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Arrays.sort(millis);
        context.add(Row.info(S, "cold clusternode run of the workflow (JVM start to answer, median of "
                + samples + ")", millis[samples / 2], "ms"));
    }

    /** A run in which only the trigger has run: what the expression benchmark reads. */
    private record FixedRun(Item trigger) implements RunData {
        @Override
        public List<Item> outputOf(String nodeName) {
            return nodeName.equals("Trigger") ? List.of(trigger) : null;
        }

        @Override
        public boolean hasNode(String nodeName) {
            return nodeName.equals("Trigger");
        }

        @Override
        public JsonNode parametersOf(String nodeName) {
            return Json.object();
        }

        @Override
        public String executionId() {
            return "bench";
        }

        @Override
        public String workflowId() {
            return "bench";
        }

        @Override
        public String workflowName() {
            return "bench";
        }

        @Override
        public ZonedDateTime startedAt() {
            return ZonedDateTime.now(ZoneOffset.UTC);
        }

        @Override
        public Map<String, String> environment() {
            return null;
        }
    }
}
