package io.clusternode.bench;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.tool.CalculatorTool;
import java.util.List;

/** The agent and inputs every agent scenario uses, so that all of them (and the peer) do the same work. */
public final class Fixtures {

    /** Messages an agent sees from memory, and the size of LangChain4j's message window in the peer run. */
    public static final int WINDOW = 20;
    public static final String QUESTION_TEXT = "What is 12 * 7?";
    public static final List<Message> QUESTION = List.of(Message.user(QUESTION_TEXT));
    public static final String ANSWER = "The result is 84.";

    private Fixtures() {
    }

    /** The AI Agent with a model, a memory and the calculator tool. */
    public static AiAgent agent(LlmProvider model, MemoryProvider memory) {
        return AiAgent.builder().model(model).memory(memory).tool(new CalculatorTool()).build();
    }

    public static AgentConfig config(String session) {
        return AgentConfig.defaults().withSessionId(session).withHistoryLimit(WINDOW);
    }

    /** Session ids {@code prefix-0 .. prefix-(n-1)}, built once so runs do not measure string building. */
    public static String[] sessions(String prefix, int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = prefix + "-" + i;
        }
        return ids;
    }

    /** Fails unless the run called the calculator once and answered with its result. */
    public static void checkToolRun(AgentResponse response) {
        if (!ANSWER.equals(response.content()) || response.state().toolCalls() != 1
                || response.state().steps().isEmpty()) {
            throw new AssertionError("unexpected agent answer: " + response.content());
        }
    }
}
