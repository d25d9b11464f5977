package io.clusternode.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.bench.peer.LangChain4jPeer;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer must do the same work as ClusterNode's agent, or the comparison means nothing. */
class LangChain4jPeerTest {

    @Test
    void answersTheToolQuestionLikeTheClusterNodeAgent() {
        LangChain4jPeer peer = new LangChain4jPeer(Fixtures.WINDOW);
        AiAgent agent = Fixtures.agent(new SimulatedLlmProvider(), WindowMemory.builder().build());

        AgentResponse ours = agent.execute(Fixtures.QUESTION, Fixtures.config("s1"));
        String theirs = peer.chatWithTool("s1", Fixtures.QUESTION_TEXT);

        assertThat(theirs).isEqualTo(ours.content()).isEqualTo(Fixtures.ANSWER);
        assertThat(ours.state().toolCalls()).isEqualTo(1);
    }

    @Test
    void remembersEarlierMessagesPerSessionLikeTheClusterNodeAgent() {
        LangChain4jPeer peer = new LangChain4jPeer(Fixtures.WINDOW);
        AiAgent agent = AiAgent.builder().model(new SimulatedLlmProvider()).memory(WindowMemory.builder().build())
                .build();
        String first = "Hello";
        String second = "And again";

        assertThat(peer.chat("a", first))
                .isEqualTo(agent.execute(List.of(Message.user(first)), Fixtures.config("a")).content())
                .contains("0 earlier conversation messages");
        assertThat(peer.chat("a", second))
                .isEqualTo(agent.execute(List.of(Message.user(second)), Fixtures.config("a")).content())
                .contains("2 earlier conversation messages");
        assertThat(peer.chat("b", first)).contains("0 earlier conversation messages");
    }
}
