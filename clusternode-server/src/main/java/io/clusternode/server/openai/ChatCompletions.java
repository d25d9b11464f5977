package io.clusternode.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.StepTiming;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.server.AgentCatalog;
import io.clusternode.server.Runs;
import io.clusternode.server.http.ApiError;
import io.clusternode.server.http.ApiException;
import io.clusternode.server.http.Bodies;
import io.clusternode.server.http.Responses;
import io.clusternode.server.metrics.Outcomes;
import io.clusternode.server.metrics.ServerMetrics;
import io.clusternode.server.workflows.ServedWorkflow;
import io.clusternode.server.workflows.WorkflowCatalog;
import io.clusternode.server.workflows.WorkflowRuns;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code POST /v1/chat/completions}: runs the agent (or the chat-triggered n8n workflow) named by {@code model},
 * answering as the OpenAI API does, whole or as server-sent events.
 *
 * <p>Sessions: with an {@code X-Session-Id} header (or, without it, the {@code user} field) the agent's memory
 * holds the conversation, and only the request's trailing new messages (the user's message, or the results
 * of client-side tool calls) are taken; its system messages become the run's system prompt. Without a
 * session the request's messages are the whole context and nothing is stored.
 *
 * <p>Answers carry, besides OpenAI's fields, a {@code clusternode} object (session, the agent's own tool calls
 * with their results, step timings) that OpenAI clients ignore and the playground shows.
 */
public final class ChatCompletions implements Handler {

    public static final HeaderName SESSION_ID = HeaderNames.create("X-Session-Id");

    private final AgentCatalog catalog;
    private final WorkflowCatalog workflows;
    private final WorkflowRuns workflowRuns;
    private final Runs runs;
    private final ServerMetrics metrics;
    private final long maxBodyBytes;

    /**
     * The endpoint over {@code catalog}'s agents and {@code workflows}' chat-triggered workflows, within
     * {@code runs}' limits and {@code maxBodyBytes}.
     */
    public ChatCompletions(AgentCatalog catalog, WorkflowCatalog workflows, WorkflowRuns workflowRuns, Runs runs,
                           ServerMetrics metrics, long maxBodyBytes) {
        this.catalog = catalog;
        this.workflows = workflows;
        this.workflowRuns = workflowRuns;
        this.runs = runs;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        ChatRequest request = ChatRequest.parse(Bodies.read(req, maxBodyBytes));
        String session = req.headers().first(SESSION_ID).filter(s -> !s.isBlank())
                .orElse(request.user() == null || request.user().isBlank() ? null : request.user());
        AiAgent agent = catalog.agent(request.model()).orElse(null);
        Target target;
        if (agent != null) {
            Prepared run = prepare(request, session);
            target = new Target(listener -> agent.execute(run.input(), run.config(), listener),
                    body -> measured(request.model(), body));
        } else {
            ServedWorkflow workflow = workflows.model(request.model()).orElseThrow(() -> new ApiException(
                    ApiError.notFound("model_not_found", "there is no model (agent or workflow) named '"
                            + abbreviate(request.model()) + "'; GET /v1/models lists them")));
            target = workflowTarget(workflow, request, session);
        }
        Exchange exchange = new Exchange(request, session);
        if (request.stream()) {
            stream(res, runs.acquire(), target, exchange);
            return;
        }
        AgentResponse response;
        // The permit goes back before the answer is written: the run is over, and a client that sends its next
        // request as soon as it has the answer must find the permit free.
        try (Runs.Permit permit = runs.acquire()) {
            response = target.measure().apply(() -> permit.run(() -> target.run().apply(StreamListener.NONE)));
        }
        Responses.json(res, 200, exchange.completion(response));
    }

    /** What a request runs: an agent or a workflow, and how its runs are measured. */
    private record Target(Function<StreamListener, AgentResponse> run,
                          Function<Supplier<AgentResponse>, AgentResponse> measure) {
    }

    /**
     * A workflow as a model: the last message, a user message, goes to its chat trigger as {@code chatInput} on
     * the session; without a session, on a one-off session that is cleared from the workflow's memory after the
     * run, so nothing stays behind.
     */
    private Target workflowTarget(ServedWorkflow workflow, ChatRequest request, String session) {
        Message last = request.messages().get(request.messages().size() - 1);
        if (last.role() != Role.USER) {
            throw new ApiException(ApiError.badRequest("model '" + workflow.id() + "' is an n8n workflow: the last"
                    + " message must be a user message, which goes to its chat trigger"));
        }
        if (!request.llm().tools().isEmpty()) {
            throw new ApiException(ApiError.badRequest("model '" + workflow.id() + "' is an n8n workflow, which takes"
                    + " no client-side tools; its own tools are in the workflow"));
        }
        String runSession = session != null ? session
                : "oneoff-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                        + Long.toHexString(ThreadLocalRandom.current().nextLong());
        return new Target(listener -> {
            try {
                return workflowRuns.chat(workflow, last.content(), runSession, listener);
            } finally {
                if (session == null) {
                    workflow.runner().memories().forEach(memory -> memory.clear(runSession));
                }
            }
        }, body -> workflowRuns.measured(workflow, "model", body));
    }

    /** Streams the run's answer; {@code permit} is released when the run ends. */
    private void stream(ServerResponse res, Runs.Permit permit, Target target, Exchange exchange) {
        SseStream sse;
        AgentResponse response;
        try (permit) {
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header(HeaderNames.create("X-Accel-Buffering"), "no");
            sse = new SseStream(res.outputStream());
            sse.send(exchange.chunk(Json.object().put("role", "assistant").put("content", ""), null));
            StreamListener listener = new StreamListener() {
                @Override
                public void onContent(String delta) {
                    sse.send(exchange.chunk(Json.object().put("content", delta), null));
                }

                @Override
                public void onReasoning(String delta) {
                    sse.send(exchange.chunk(Json.object().put("reasoning_content", delta), null));
                }
            };
            try {
                response = target.measure().apply(() -> permit.runAside(() -> target.run().apply(listener)));
            } catch (ApiException e) {
                sse.send(e.error().body());
                sse.finish(false);
                return;
            } catch (NodeExecutionException e) {
                sse.send(ApiError.of(e).body());
                sse.finish(false);
                return;
            }
        }
        List<ToolCall> clientCalls = exchange.clientCalls(response);
        if (!clientCalls.isEmpty()) {
            sse.send(exchange.chunk(Json.object().set("tool_calls", toolCallsJson(clientCalls, true)), null));
        }
        ObjectNode last = exchange.chunk(Json.object(), response.finishReason() == null ? "stop" : response.finishReason());
        last.set("clusternode", exchange.details(response));
        sse.send(last);
        if (exchange.request.includeUsage()) {
            ObjectNode usage = exchange.envelope("chat.completion.chunk");
            usage.putArray("choices");
            usage.set("usage", usageJson(response.state().usage()));
            sse.send(usage);
        }
        sse.finish(true);
    }

    private AgentResponse measured(String agent, Supplier<AgentResponse> run) {
        return Outcomes.measure(run, (outcome, nanos) -> metrics.agentRun(agent, outcome, nanos));
    }

    /** What the agent gets: the input messages and the run's configuration. */
    private record Prepared(List<Message> input, AgentConfig config) {
    }

    private static Prepared prepare(ChatRequest request, String session) {
        List<Message> messages = request.messages();
        Role lastRole = messages.get(messages.size() - 1).role();
        if (lastRole != Role.USER && lastRole != Role.TOOL) {
            throw new ApiException(ApiError.badRequest("the last message must be a user message or a tool result"));
        }
        AgentConfig config = AgentConfig.defaults().withModel(request.llm().withModel(null));
        if (session == null) {
            return new Prepared(messages, config.withoutMemory());
        }
        // With a session the memory has the history: take the messages after the last assistant message.
        int from = messages.size();
        while (from > 0 && messages.get(from - 1).role() != Role.ASSISTANT) {
            from--;
        }
        List<Message> input = new ArrayList<>();
        StringBuilder system = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (message.role() == Role.SYSTEM) {
                system.append(system.isEmpty() ? "" : "\n\n").append(message.content());
            } else if (i >= from) {
                input.add(message);
            }
        }
        return new Prepared(List.copyOf(input), config.withSessionId(session)
                .withSystemPrompt(system.isEmpty() ? null : system.toString()));
    }

    /** One request's identity and the shapes of its answers. */
    private static final class Exchange {
        private final ChatRequest request;
        private final String session;
        private final String id = "chatcmpl-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        private final long created = System.currentTimeMillis() / 1000;

        Exchange(ChatRequest request, String session) {
            this.request = request;
            this.session = session;
        }

        ObjectNode envelope(String object) {
            ObjectNode node = Json.object();
            node.put("id", id);
            node.put("object", object);
            node.put("created", created);
            node.put("model", request.model());
            node.putNull("system_fingerprint");
            return node;
        }

        ObjectNode chunk(ObjectNode delta, String finishReason) {
            ObjectNode chunk = envelope("chat.completion.chunk");
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            return chunk;
        }

        ObjectNode completion(AgentResponse response) {
            ObjectNode node = envelope("chat.completion");
            ObjectNode choice = node.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            List<ToolCall> calls = clientCalls(response);
            if (calls.isEmpty() || !response.content().isEmpty()) {
                message.put("content", response.content());
            } else {
                message.putNull("content");
            }
            if (response.reasoning() != null) {
                message.put("reasoning_content", response.reasoning());
            }
            if (!calls.isEmpty()) {
                message.set("tool_calls", toolCallsJson(calls, false));
            }
            message.putNull("refusal");
            choice.putNull("logprobs");
            choice.put("finish_reason", response.finishReason() == null ? "stop" : response.finishReason());
            node.set("usage", usageJson(response.state().usage()));
            node.set("clusternode", details(response));
            return node;
        }

        /** The calls of the caller's own tools the run stopped at, if it stopped at any. */
        List<ToolCall> clientCalls(AgentResponse response) {
            if (!"tool_calls".equals(response.finishReason()) || request.llm().tools().isEmpty()) {
                return List.of();
            }
            Set<String> names = new HashSet<>();
            for (ToolDefinition tool : request.llm().tools()) {
                names.add(tool.name());
            }
            List<Message> turn = response.turn();
            for (int i = turn.size() - 1; i >= 0; i--) {
                if (turn.get(i).hasToolCalls()) {
                    return turn.get(i).toolCalls().stream().filter(c -> names.contains(c.name())).toList();
                }
            }
            return List.of();
        }

        ObjectNode details(AgentResponse response) {
            ObjectNode node = Json.object();
            if (session == null) {
                node.putNull("session_id");
            } else {
                node.put("session_id", session);
            }
            Map<String, String> results = new HashMap<>();
            for (Message message : response.turn()) {
                if (message.role() == Role.TOOL) {
                    results.put(message.toolCallId(), message.content());
                }
            }
            ArrayNode tools = node.putArray("tool_calls");
            for (Message message : response.turn()) {
                for (ToolCall call : message.toolCalls()) {
                    ObjectNode item = tools.addObject().put("name", call.name()).put("arguments", call.arguments());
                    if (results.containsKey(call.id())) {
                        item.put("result", results.get(call.id()));
                    }
                }
            }
            ArrayNode steps = node.putArray("steps");
            for (StepTiming step : response.state().steps()) {
                steps.addObject().put("kind", step.kind().name().toLowerCase(Locale.ROOT))
                        .put("name", step.name()).put("ms", step.millis());
            }
            node.put("total_ms", response.state().totalMillis());
            return node;
        }
    }

    private static ArrayNode toolCallsJson(List<ToolCall> calls, boolean indexed) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            ObjectNode item = array.addObject();
            if (indexed) {
                item.put("index", i);
            }
            item.put("id", call.id());
            item.put("type", "function");
            item.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
        return array;
    }

    private static ObjectNode usageJson(Usage usage) {
        ObjectNode node = Json.object();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    private static String abbreviate(String text) {
        String plain = text.replaceAll("\\p{Cntrl}", "?");
        return plain.length() <= 64 ? plain : plain.substring(0, 61) + "...";
    }
}
