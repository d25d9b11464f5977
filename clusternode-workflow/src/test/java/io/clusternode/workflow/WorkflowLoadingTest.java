package io.clusternode.workflow;

import static io.clusternode.workflow.testing.Flows.main;
import static io.clusternode.workflow.testing.Flows.node;
import static io.clusternode.workflow.testing.Flows.sub;
import static io.clusternode.workflow.testing.Flows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.workflow.testing.Flows;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowLoadingTest {

    private static final String TRIGGER = node("Start", "manualTrigger", 1, "{}");
    private static final String MODEL = node("Model", "clusternode.lmChatSimulated", 1, "{}");
    private static final String AGENT = node("Agent", "agent", 1.8, "{\"promptType\": \"define\", \"text\": \"hi\"}");

    @Test
    void malformedJsonIsInvalidJsonWithPosition() {
        assertThatThrownBy(() -> Workflow.parse("{\"nodes\": [", "broken.json"))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON);
                    assertThat(e.getMessage()).contains("broken.json").contains("line 1");
                });
    }

    @Test
    void notAWorkflow() {
        assertThatThrownBy(() -> Workflow.parse("{\"hello\": 1}", "x.json"))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_WORKFLOW));
    }

    @Test
    void connectionToAMissingNodeNamesIt() {
        String json = workflow(new String[] {TRIGGER}, main("Start", "Ghost"));
        assertThatThrownBy(() -> Workflow.parse(json, "x.json")).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_WORKFLOW);
            assertThat(e.getMessage()).contains("'Ghost'").contains("does not exist");
        });
    }

    @Test
    void cycleInMainIsRefused() {
        String json = workflow(new String[] {TRIGGER, node("A", "noOp", 1, "{}"), node("B", "noOp", 1, "{}")},
                main("Start", "A"), main("A", "B"), main("B", "A"));
        assertThatThrownBy(() -> Workflow.parse(json, "x.json")).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_WORKFLOW);
            assertThat(e.getMessage()).contains("cycle").contains("'A' -> 'B' -> 'A'");
        });
    }

    @Test
    void agentWithoutModelNamesTheNode() {
        String json = workflow(new String[] {TRIGGER, AGENT}, main("Start", "Agent"));
        assertThatThrownBy(() -> Workflow.parse(json, "x.json")).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MISSING_SUB_NODE);
            assertThat(e.getMessage()).contains("node 'Agent' needs a chat model");
        });
    }

    @Test
    void fallbackSwitchedOnWithoutSecondModel() {
        String agent = node("Agent", "agent", 3.1, "{\"promptType\": \"define\", \"text\": \"hi\", \"needsFallback\": true}");
        String json = workflow(new String[] {TRIGGER, agent, MODEL}, main("Start", "Agent"),
                sub("Model", "ai_languageModel", "Agent", 0));
        assertThatThrownBy(() -> Workflow.parse(json, "x.json")).hasMessageContaining("fallback chat model");
    }

    @Test
    void everyUnsupportedNodeIsOneLineAndNothingRuns() {
        String json = workflow(new String[] {TRIGGER, AGENT, MODEL, node("Search", "toolSerpApi", 1, "{}"),
                        node("Discord", "n8n-nodes-base.discord", 2, "{}")},
                main("Start", "Agent|Discord"), sub("Model", "ai_languageModel", "Agent", 0),
                sub("Search", "ai_tool", "Agent", 0));
        assertThatThrownBy(() -> Workflow.parse(json, "x.json")).isInstanceOfSatisfying(WorkflowLoadException.class, e -> {
            assertThat(e.problems()).extracting(Object::toString).containsExactly(
                    "UNSUPPORTED_NODE: node 'Search' (@n8n/n8n-nodes-langchain.toolSerpApi v1) is not supported",
                    "UNSUPPORTED_NODE: node 'Discord' (n8n-nodes-base.discord v2) is not supported");
            assertThat(e.toString().lines()).hasSize(2);
        });
    }

    @Test
    void unsupportedVersionsAndOptionsSayWhy() {
        String json = workflow(new String[] {TRIGGER, node("Agent", "agent", 1.5, "{\"agent\": \"reActAgent\"}"), MODEL,
                node("Old set", "set", 2, "{}")}, main("Start", "Agent"), sub("Model", "ai_languageModel", "Agent", 0));
        Workflow inspected = Workflow.read(json, "x.json", null, NodeTypes.installed());
        assertThat(inspected.problems()).extracting(WorkflowLoadException.Problem::message).containsExactly(
                "node 'Agent' (@n8n/n8n-nodes-langchain.agent v1.5) is not supported: agent type 'reActAgent' is not"
                        + " supported (toolsAgent and conversationalAgent are)",
                "node 'Old set' (n8n-nodes-base.set v2) is not supported: Set typeVersion 2 is not supported (open and"
                        + " re-save it as Edit Fields 3.x)");
    }

    @Test
    void unknownKeysStickyNotesAndDisabledNodes() {
        String json = "{\"_cn_meta\": {\"x\": 1}, \"pinData\": {\"Agent\": [{\"json\": {\"output\": \"pinned\"}}]},"
                + " \"settings\": {\"executionOrder\": \"v1\"}, \"nodes\": [" + TRIGGER + ", " + AGENT + ", " + MODEL + ", "
                + node("Note", "stickyNote", 1, "{\"content\": \"hello\"}") + ", "
                + "{\"name\": \"Off\", \"type\": \"n8n-nodes-base.discord\", \"typeVersion\": 1, \"disabled\": true, \"parameters\": {}}"
                + "], \"connections\": {" + main("Start", "Off") + ", " + main("Off", "Agent") + ", "
                + sub("Model", "ai_languageModel", "Agent", 0) + "}}";
        Workflow workflow = Workflow.parse(json, "x.json");
        assertThat(workflow.statuses()).extracting(s -> s.node().name() + "=" + s.state()).containsExactly(
                "Start=SUPPORTED", "Agent=SUPPORTED", "Model=SUPPORTED", "Note=IGNORED", "Off=IGNORED");
        try (WorkflowRunner runner = workflow.bind(io.clusternode.workflow.credentials.Credentials.none(), Flows.noJavaScript())) {
            RunResult result = runner.run(RunRequest.of(null));
            assertThat(result.lastNode()).isEqualTo("Agent");
            assertThat(result.items().get(0).json().path("output").asText()).startsWith("Simulated reply to \"hi\"");
            assertThat(result.nodeOutputs()).containsKeys("Start", "Off", "Agent");
        }
    }

    @Test
    void loadsFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("flow.json");
        Files.writeString(file, workflow(new String[] {TRIGGER}));
        assertThat(Workflow.load(file).nodes()).hasSize(1);
        assertThatThrownBy(() -> Workflow.load(dir.resolve("missing.json"))).hasMessageContaining("does not exist");
    }
}
