package io.clusternode.workflow.nodes;

import static io.clusternode.workflow.testing.Flows.main;
import static io.clusternode.workflow.testing.Flows.node;
import static io.clusternode.workflow.testing.Flows.sub;
import static io.clusternode.workflow.testing.Flows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.testing.RequiredServices;
import io.clusternode.workflow.RunRequest;
import io.clusternode.workflow.Workflow;
import io.clusternode.workflow.WorkflowRunner;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.testing.Flows;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** memoryPostgresChat and memoryRedisChat against the real servers: history survives a new bind (a new process). */
class PersistentMemoryNodesTest {

    private static String chat(String memoryType, String memoryParameters) {
        return workflow(new String[] {node("Chat", "chatTrigger", 1.1, "{}"), node("Agent", "agent", 1.6,
                        "{\"promptType\": \"define\", \"text\": \"={{ $json.chatInput }}\"}"),
                        node("Model", "clusternode.lmChatSimulated", 1, "{}"), node("Memory", memoryType, 1.4, memoryParameters)},
                main("Chat", "Agent"), sub("Model", "ai_languageModel", "Agent", 0), sub("Memory", "ai_memory", "Agent", 0));
    }

    private static void twoTurnsInTwoBinds(String json, Credentials credentials) {
        String session = "wf-" + UUID.randomUUID();
        try (WorkflowRunner runner = Workflow.parse(json, "t.json").bind(credentials, Flows.noJavaScript())) {
            assertThat(runner.run(RunRequest.chat("first", session)).items().get(0).json().path("output").asText())
                    .contains("I received 0 earlier");
        }
        try (WorkflowRunner runner = Workflow.parse(json, "t.json").bind(credentials, Flows.noJavaScript())) {
            assertThat(runner.run(RunRequest.chat("second", session)).items().get(0).json().path("output").asText())
                    .contains("I received 2 earlier");
        }
    }

    @Test
    void postgresChatMemory() {
        RequiredServices.requirePostgres();
        String table = "wft_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        twoTurnsInTwoBinds(chat("memoryPostgresChat", "{\"tableName\": \"" + table + "\"}"),
                Credentials.parse("{\"postgres\": {\"host\": \"127.0.0.1\", \"port\": 5432, \"database\": \"test\","
                        + " \"user\": \"postgres\"}}", false, "c"));
    }

    @Test
    void redisChatMemory() {
        RequiredServices.requireRedis();
        twoTurnsInTwoBinds(chat("memoryRedisChat", "{\"sessionTTL\": 600}"),
                Credentials.parse("{\"redis\": {\"host\": \"127.0.0.1\", \"port\": 6379}}", false, "c"));
    }

    @Test
    void missingCredentialFailsAtBindNamingNodeAndType() {
        assertThatThrownBy(() -> Workflow.parse(chat("memoryRedisChat", "{}"), "t.json").bind(Credentials.none(),
                Flows.noJavaScript())).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISSING_CREDENTIAL);
                    assertThat(e.getMessage()).contains("node 'Memory'").contains("'redis'");
                });
        String openAi = workflow(new String[] {node("Chat", "chatTrigger", 1.1, "{}"), node("Agent", "agent", 1.8, "{}"),
                node("GPT", "lmChatOpenAi", 1.2, "{}")}, main("Chat", "Agent"), sub("GPT", "ai_languageModel", "Agent", 0));
        assertThatThrownBy(() -> Workflow.parse(openAi, "t.json").bind(Credentials.none(), Flows.noJavaScript()))
                .hasMessageContaining("node 'GPT' needs credential 'openAiApi'");
    }
}
