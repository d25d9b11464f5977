package io.clusternode.workflow.testing;

import io.clusternode.core.spi.Settings;
import io.clusternode.workflow.Workflow;
import io.clusternode.workflow.WorkflowRunner;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.expression.JavaScript;
import java.util.Map;

/** Small workflow fixtures written for these tests, in n8n's format. */
public final class Flows {

    private Flows() {
    }

    /** A node object: {@code name}, {@code type} (short n8n-nodes-base / langchain names are expanded), version, parameters. */
    public static String node(String name, String type, double version, String parameters) {
        return node(name, type, version, parameters, 0, 0);
    }

    public static String node(String name, String type, double version, String parameters, int x, int y) {
        String full = type.contains(".") ? type : (LANGCHAIN.containsKey(type) ? "@n8n/n8n-nodes-langchain." : "n8n-nodes-base.") + type;
        return "{\"name\": \"" + name + "\", \"type\": \"" + full + "\", \"typeVersion\": " + version
                + ", \"position\": [" + x + ", " + y + "], \"parameters\": " + parameters + "}";
    }

    private static final Map<String, Boolean> LANGCHAIN = Map.ofEntries(Map.entry("agent", true),
            Map.entry("chatTrigger", true), Map.entry("manualChatTrigger", true), Map.entry("lmChatOpenAi", true),
            Map.entry("memoryBufferWindow", true), Map.entry("memoryPostgresChat", true),
            Map.entry("memoryRedisChat", true), Map.entry("toolCalculator", true), Map.entry("toolCode", true),
            Map.entry("toolWorkflow", true), Map.entry("toolSerpApi", true), Map.entry("lmChatDeepSeek", true),
            Map.entry("lmChatOllama", true));

    /** {@code "A": {"main": [[{"node": "B", "type": "main", "index": 0}]]}} style connection from a source. */
    public static String main(String source, String... targetsPerOutput) {
        StringBuilder out = new StringBuilder("\"" + source + "\": {\"main\": [");
        for (int i = 0; i < targetsPerOutput.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append("[");
            String[] targets = targetsPerOutput[i].isEmpty() ? new String[0] : targetsPerOutput[i].split("\\|");
            for (int t = 0; t < targets.length; t++) {
                out.append(t > 0 ? ", " : "").append("{\"node\": \"").append(targets[t]).append("\", \"type\": \"main\", \"index\": 0}");
            }
            out.append("]");
        }
        return out.append("]}").toString();
    }

    /** A sub-node connection: {@code "Model": {"ai_languageModel": [[{"node": "Agent", ...}]]}}. */
    public static String sub(String source, String type, String target, int index) {
        return "\"" + source + "\": {\"" + type + "\": [[{\"node\": \"" + target + "\", \"type\": \"" + type
                + "\", \"index\": " + index + "}]]}";
    }

    public static String workflow(String[] nodes, String... connections) {
        return "{\"name\": \"test\", \"nodes\": [" + String.join(", ", nodes) + "], \"connections\": {"
                + String.join(", ", connections) + "}}";
    }

    /** Options without JavaScript: a test fails if anything asks for it. */
    public static WorkflowRunner.Options noJavaScript() {
        return WorkflowRunner.Options.defaults().withSettings(Settings.empty()).withJavaScript(() -> {
            throw new AssertionError("JavaScript must not be needed here");
        });
    }

    public static WorkflowRunner bind(String json) {
        return Workflow.parse(json, "test.json").bind(Credentials.none(), noJavaScript());
    }

    /** A runner whose JavaScript is the given engine. */
    public static WorkflowRunner bind(String json, JavaScript javaScript) {
        return Workflow.parse(json, "test.json").bind(Credentials.none(),
                WorkflowRunner.Options.defaults().withSettings(Settings.empty()).withJavaScript(() -> javaScript));
    }
}
