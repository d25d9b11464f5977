package io.clusternode.server.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.ExecutionState;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.StepTiming;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.server.metrics.Outcomes;
import io.clusternode.server.metrics.ServerMetrics;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.RunListener;
import io.clusternode.workflow.RunRequest;
import io.clusternode.workflow.RunResult;
import io.clusternode.workflow.model.NodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Runs served workflows, measured by workflow, trigger and outcome ({@code clusternode_workflow_runs_seconds}). */
public final class WorkflowRuns {

    private final ServerMetrics metrics;

    /** Workflow runs measured in {@code metrics}. */
    public WorkflowRuns(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Runs {@code run} (a workflow run, usually inside a run permit), recording its duration and outcome.
     *
     * @param trigger how the run was started: {@code model}, {@code chat} or {@code webhook}
     */
    public <T> T measured(ServedWorkflow workflow, String trigger, Supplier<T> run) {
        return Outcomes.measure(run, (outcome, nanos) -> metrics.workflowRun(workflow.id(), trigger, outcome, nanos));
    }

    /**
     * Sends {@code message} to the workflow's chat trigger on {@code session} and returns the answer as an agent
     * response: the content is the output item's {@code output} field (the whole item as JSON when it has none);
     * usage, tool calls and step timings are those of the workflow's agents.
     *
     * @param stream receives the agents' answers as they stream ({@link StreamListener#NONE} for no streaming)
     */
    public AgentResponse chat(ServedWorkflow workflow, String message, String session, StreamListener stream) {
        Collector collector = new Collector(node -> stream);
        long start = System.nanoTime();
        RunResult result = workflow.runner().run(RunRequest.chat(message, session)
                .withTrigger(workflow.chatNode().name()), collector);
        return collector.response(answer(result.items()), System.nanoTime() - start);
    }

    /** The chat answer of a workflow's output items: the first item's {@code output}, else the item as JSON. */
    public static String answer(List<Item> items) {
        if (items.isEmpty()) {
            return "";
        }
        JsonNode output = items.get(0).json().get("output");
        if (output == null) {
            return Json.write(items.get(0).json());
        }
        return output.isTextual() ? output.textValue() : Json.write(output);
    }

    /** Collects the agents' responses of a run and hands each agent node its stream. */
    static class Collector implements RunListener {
        private final java.util.function.Function<NodeSpec, StreamListener> streams;
        private final List<AgentResponse> responses = new ArrayList<>(2);

        Collector(java.util.function.Function<NodeSpec, StreamListener> streams) {
            this.streams = streams;
        }

        @Override
        public StreamListener stream(NodeSpec node) {
            return streams.apply(node);
        }

        @Override
        public void agentFinished(NodeSpec node, AgentResponse response) {
            responses.add(response);
        }

        AgentResponse response(String content, long nanos) {
            int iterations = 0;
            int modelCalls = 0;
            int toolCalls = 0;
            Usage usage = Usage.ZERO;
            List<StepTiming> steps = new ArrayList<>();
            List<Message> turn = new ArrayList<>();
            String reasoning = null;
            for (AgentResponse response : responses) {
                iterations += response.state().iterations();
                modelCalls += response.state().modelCalls();
                toolCalls += response.state().toolCalls();
                usage = usage.plus(response.state().usage());
                steps.addAll(response.state().steps());
                turn.addAll(response.turn());
                reasoning = response.reasoning();
            }
            return new AgentResponse(content, reasoning, "stop", List.copyOf(turn),
                    new ExecutionState(iterations, modelCalls, toolCalls, usage, List.copyOf(steps), nanos));
        }
    }
}
