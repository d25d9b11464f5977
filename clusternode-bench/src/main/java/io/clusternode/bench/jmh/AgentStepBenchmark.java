package io.clusternode.bench.jmh;

import io.clusternode.bench.Fixtures;
import io.clusternode.bench.peer.LangChain4jPeer;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One agent run with memory and a calculator tool call (model, tool, model, memory load and store), and the
 * same run through LangChain4j's AiServices with the stub model, for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AgentStepBenchmark {

    private WindowMemory memory;
    private AiAgent agent;
    private LangChain4jPeer peer;
    private String[] sessions;
    private int next;

    @Setup
    public void setUp() {
        memory = WindowMemory.builder().maxMessages(Fixtures.WINDOW).build();
        agent = Fixtures.agent(new SimulatedLlmProvider(), memory);
        peer = new LangChain4jPeer(Fixtures.WINDOW);
        sessions = Fixtures.sessions("jmh", 1000);
    }

    @TearDown
    public void tearDown() {
        memory.close();
    }

    @Benchmark
    public AgentResponse clusterNodeAgentRun() {
        return agent.execute(Fixtures.QUESTION, Fixtures.config(sessions[next++ % sessions.length]));
    }

    @Benchmark
    public String langChain4jAgentRun() {
        return peer.chatWithTool(sessions[next++ % sessions.length], Fixtures.QUESTION_TEXT);
    }
}
