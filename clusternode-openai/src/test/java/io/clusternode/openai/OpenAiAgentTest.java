package io.clusternode.openai;

import static io.clusternode.openai.LoopbackServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.tool.CalculatorTool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The AI Agent root node driving a real HTTP chat model through a tool round trip. */
class OpenAiAgentTest {

    /** A model that asks for the calculator first and answers once the tool result comes back. */
    private static void toolThenAnswer(LoopbackServer.Request request, LoopbackServer.Exchange exchange)
            throws Exception {
        JsonNode messages = request.json().get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        if (last.get("role").asText().equals("tool")) {
            exchange.json("{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"12 * 7 = " + last.get("content").asText() + ".\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":110,\"completion_tokens\":8,\"total_tokens\":118}}");
        } else {
            exchange.json(fixture("openai-tool-call.json"));
        }
    }

    @Test
    void agentRunsTheCalculatorAndSendsItsResultBack() throws Exception {
        try (LoopbackServer server = new LoopbackServer(OpenAiAgentTest::toolThenAnswer);
             OpenAiCompatibleLlmProvider model = new OpenAiCompatibleLlmProvider(TestConfigs.fast(server).build())) {
            WindowMemory memory = WindowMemory.builder().build();
            AiAgent agent = AiAgent.builder().model(model).memory(memory).tool(new CalculatorTool()).build();

            AgentResponse response = agent.execute(List.of(Message.user("What is 12 * 7?")),
                    AgentConfig.defaults().withSessionId("s1").withSystemPrompt("Use tools for arithmetic."));

            assertThat(response.content()).isEqualTo("12 * 7 = 84.");
            assertThat(response.state().modelCalls()).isEqualTo(2);
            assertThat(response.state().toolCalls()).isEqualTo(1);
            assertThat(response.state().usage().totalTokens()).isEqualTo(218);
            assertThat(server.requests()).hasSize(2);

            JsonNode first = server.requests().get(0).json();
            assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("calculator");
            assertThat(first.at("/messages/0/role").asText()).isEqualTo("system");

            JsonNode second = server.requests().get(1).json().get("messages");
            assertThat(second).hasSize(4);
            assertThat(second.at("/2/tool_calls/0/id").asText()).isEqualTo("call_Qx7RkVj2");
            assertThat(second.at("/3/role").asText()).isEqualTo("tool");
            assertThat(second.at("/3/tool_call_id").asText()).isEqualTo("call_Qx7RkVj2");
            assertThat(second.at("/3/content").asText()).isEqualTo("84");

            assertThat(memory.retrieve("s1", 10)).extracting(Message::role)
                    .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        }
    }

    @Test
    void oneAgentServesConcurrentRuns() throws Exception {
        try (LoopbackServer server = new LoopbackServer(OpenAiAgentTest::toolThenAnswer);
             OpenAiCompatibleLlmProvider model = new OpenAiCompatibleLlmProvider(TestConfigs.fast(server).build());
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            AiAgent agent = AiAgent.builder().model(model).tool(new CalculatorTool()).build();
            List<Future<AgentResponse>> runs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                runs.add(threads.submit(() -> agent.execute(List.of(Message.user("What is 12 * 7?")),
                        AgentConfig.defaults())));
            }
            for (Future<AgentResponse> run : runs) {
                assertThat(run.get().content()).isEqualTo("12 * 7 = 84.");
            }
            assertThat(server.requests()).hasSize(80);
        }
    }

    @Test
    void primaryAnswering503AfterRetriesFallsBackToASecondEndpoint() throws Exception {
        try (LoopbackServer dead = new LoopbackServer((req, ex) ->
                ex.respond(503, "application/json", fixture("error-503.json")));
             LoopbackServer backup = new LoopbackServer(OpenAiAgentTest::toolThenAnswer);
             OpenAiCompatibleLlmProvider primary = new OpenAiCompatibleLlmProvider(TestConfigs.fast(dead).build());
             OpenAiCompatibleLlmProvider secondary = new OpenAiCompatibleLlmProvider(
                     TestConfigs.fast(backup).model("backup-model").build())) {
            AiAgent agent = AiAgent.builder().model(primary).fallbackModel(secondary).tool(new CalculatorTool()).build();

            AgentResponse response = agent.execute(List.of(Message.user("What is 12 * 7?")), AgentConfig.defaults());

            assertThat(response.content()).isEqualTo("12 * 7 = 84.");
            // Each of the two model steps tried the primary 3 times (1 + 2 retries) before falling back.
            assertThat(dead.requests()).hasSize(6);
            assertThat(backup.requests()).hasSize(2);
            assertThat(backup.requests().get(0).json().get("model").asText()).isEqualTo("backup-model");
        }
    }

    @Test
    void fallbackToTheSimulatedModel() throws Exception {
        try (LoopbackServer dead = new LoopbackServer((req, ex) ->
                ex.respond(503, "application/json", fixture("error-503.json")));
             OpenAiCompatibleLlmProvider primary = new OpenAiCompatibleLlmProvider(TestConfigs.fast(dead).build())) {
            AiAgent agent = AiAgent.builder().model(primary).fallbackModel(new SimulatedLlmProvider())
                    .tool(new CalculatorTool()).build();

            AgentResponse response = agent.execute(List.of(Message.user("What is 12 * 7?")), AgentConfig.defaults());

            assertThat(response.content()).isEqualTo("The result is 84.");
            assertThat(dead.requests()).hasSize(6);
        }
    }
}
