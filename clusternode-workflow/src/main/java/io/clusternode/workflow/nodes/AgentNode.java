package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.StepTiming;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.RunListener;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.expression.Values;
import io.clusternode.workflow.model.Connection;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.ChatModelNode;
import io.clusternode.workflow.spi.MainNode;
import io.clusternode.workflow.spi.MemoryNode;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.NodeContext.Attached;
import io.clusternode.workflow.spi.NodeRun;
import io.clusternode.workflow.spi.SubNodeScope;
import io.clusternode.workflow.spi.ToolNode;
import io.clusternode.workflow.spi.WorkflowGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code @n8n/n8n-nodes-langchain.agent} (typeVersions 1 to 3.1): the root node. Its sub-nodes are handed to
 * ClusterNode's {@link AiAgent} as providers, so workflows and the library share one agent loop. One output item
 * per input item: {@code {output}} plus n8n's {@code intermediateSteps} when asked for.
 */
final class AgentNode implements MainNode {

    static final String DEFAULT_SYSTEM_MESSAGE = "You are a helpful assistant";
    private static final Set<String> AGENT_TYPES = Set.of("toolsAgent", "conversationalAgent");

    private final NodeSpec spec;
    private final Attached model;
    private final Attached fallback;
    private final Attached memory;
    private final List<Attached> tools;
    /** The agent built for the last set of sub-node providers; rebuilt only when a sub-node supplies another one. */
    private final AtomicReference<Built> built = new AtomicReference<>();

    // parts is private to this class and compared element by element to reuse an agent built from the same providers
    @SuppressWarnings("ArrayRecordComponent")
    private record Built(Object[] parts, AiAgent agent, Map<String, String> toolNames) {
    }

    /** Parameters read on every run, looked up once; evaluated per item only when they are expressions. */
    private final JsonNode promptType;
    private final JsonNode text;
    private final JsonNode systemMessage;
    private final JsonNode maxIterations;
    private final JsonNode returnIntermediateSteps;

    private AgentNode(NodeSpec spec, Attached model, Attached fallback, Attached memory, List<Attached> tools) {
        this.spec = spec;
        this.promptType = spec.parameter("promptType");
        this.text = spec.parameter("text");
        this.systemMessage = spec.parameter("options.systemMessage");
        this.maxIterations = spec.parameter("options.maxIterations");
        this.returnIntermediateSteps = spec.parameter("options.returnIntermediateSteps");
        this.model = model;
        this.fallback = fallback;
        this.memory = memory;
        this.tools = tools;
    }

    static AgentNode create(NodeContext context) {
        NodeSpec spec = context.node();
        Attached model = null;
        Attached fallback = null;
        for (Attached a : context.attached(Connection.LANGUAGE_MODEL)) {
            if (a.index() == 0 && model == null) {
                model = a;
            } else if (a.index() == 1 && fallback == null && needsFallback(spec)) {
                fallback = a;
            }
        }
        if (model == null) {
            throw new NodeExecutionException(ErrorCode.MISSING_SUB_NODE, missingModel(spec));
        }
        List<Attached> memories = context.attached(Connection.MEMORY);
        return new AgentNode(spec, model, fallback, memories.isEmpty() ? null : memories.get(0),
                List.copyOf(context.attached(Connection.TOOL)));
    }

    private static boolean needsFallback(NodeSpec spec) {
        return spec.typeVersion() >= 2 && spec.parameter("needsFallback").asBoolean(false);
    }

    private static String missingModel(NodeSpec spec) {
        return "node '" + spec.name() + "' needs a chat model: connect one to its Chat Model input (ai_languageModel)";
    }

    static String unsupportedReason(NodeSpec node) {
        if (node.typeVersion() > 3.1) {
            return "AI Agent typeVersion " + node.versionText() + " is not supported (1 to 3.1 are)";
        }
        if (node.typeVersion() < 2) {
            String type = node.parameter("agent").asText(node.typeVersion() <= 1.5 ? "conversationalAgent" : "toolsAgent");
            if (!AGENT_TYPES.contains(type)) {
                return "agent type '" + type + "' is not supported (toolsAgent and conversationalAgent are)";
            }
        }
        if (node.parameter("hasOutputParser").asBoolean(false)) {
            return "output parsers (hasOutputParser) are not supported";
        }
        return null;
    }

    static List<String> connectionProblems(NodeSpec node, WorkflowGraph graph) {
        List<String> problems = new ArrayList<>();
        List<Connection> models = graph.incoming(node.name(), Connection.LANGUAGE_MODEL);
        if (models.stream().noneMatch(c -> c.targetInput() == 0)) {
            problems.add(missingModel(node));
        }
        if (needsFallback(node) && models.stream().noneMatch(c -> c.targetInput() == 1)) {
            problems.add("node '" + node.name() + "' has 'Enable Fallback Model' on and needs a fallback chat model on"
                    + " its second Chat Model input (ai_languageModel index 1)");
        }
        int memories = graph.incoming(node.name(), Connection.MEMORY).size();
        if (memories > 1) {
            problems.add("node '" + node.name() + "' accepts one memory, and " + memories + " are connected");
        }
        return problems;
    }

    @Override
    public List<List<Item>> execute(NodeRun run) {
        List<Item> out = new ArrayList<>(run.input().size());
        for (int i = 0; i < run.input().size(); i++) {
            out.add(runItem(run, i));
        }
        return List.of(out);
    }

    private Item runItem(NodeRun run, int i) {
        SubNodeScope scope = run.subNodes(i);
        ChatModelNode.Supply primary = ((ChatModelNode) model.node()).model(scope);
        ChatModelNode.Supply backup = fallback == null ? null : ((ChatModelNode) fallback.node()).model(scope);
        MemoryNode.Supply remembered = memory == null ? null : ((MemoryNode) memory.node()).memory(scope);
        List<ToolProvider> supplied = new ArrayList<>(tools.size());
        List<Attached> suppliers = new ArrayList<>(tools.size());
        for (Attached attached : tools) {
            for (ToolProvider tool : ((ToolNode) attached.node()).tools(scope)) {
                supplied.add(tool);
                suppliers.add(attached);
            }
        }
        Object[] parts = new Object[3 + supplied.size()];
        parts[0] = primary.provider();
        parts[1] = backup == null ? null : backup.provider();
        parts[2] = remembered == null ? null : remembered.provider();
        for (int t = 0; t < supplied.size(); t++) {
            parts[3 + t] = supplied.get(t);
        }
        Built agent = agent(parts, suppliers);

        String prompt = prompt(run, i);
        String system = Params.text(value(run, systemMessage, "options.systemMessage", i), DEFAULT_SYSTEM_MESSAGE);
        int iterations = Params.integer(value(run, maxIterations, "options.maxIterations", i), spec,
                "options.maxIterations", AgentConfig.DEFAULT_MAX_ITERATIONS);
        if (iterations < 1) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name()
                    + "': maxIterations must be at least 1");
        }
        AgentConfig config = new AgentConfig(remembered == null ? null : remembered.sessionId(), system, iterations,
                remembered == null ? 0 : remembered.historyLimit(), primary.config());
        AgentResponse response = agent.agent().execute(List.of(Message.user(prompt)), config,
                run.listener().stream(spec));
        run.listener().agentFinished(spec, response);
        report(run.listener(), response);

        ObjectNode json = Json.object();
        json.put("output", response.content());
        if (Params.bool(value(run, returnIntermediateSteps, "options.returnIntermediateSteps", i), false)) {
            ArrayNode steps = intermediateSteps(response.turn());
            if (!steps.isEmpty() || spec.typeVersion() < 3) {
                json.set("intermediateSteps", steps);
            }
        }
        return Item.derive(spec.name(), json, run.input().get(i), i);
    }

    /** A parameter's value for item {@code i}: as written, or evaluated when it is an expression. */
    private static JsonNode value(NodeRun run, JsonNode raw, String path, int i) {
        return Expressions.isExpression(raw) ? run.parameter(path, i) : raw;
    }

    /** The agent for these providers: the cached one when every provider is the same instance as last time. */
    private Built agent(Object[] parts, List<Attached> suppliers) {
        Built current = built.get();
        if (current != null && sameInstances(current.parts(), parts)) {
            return current;
        }
        AiAgent.Builder builder = AiAgent.builder().model((LlmProvider) parts[0]);
        if (parts[1] != null) {
            builder.fallbackModel((LlmProvider) parts[1]);
        }
        if (parts[2] != null) {
            builder.memory((MemoryProvider) parts[2]);
        }
        Map<String, String> names = new HashMap<>();
        for (int t = 0; t < suppliers.size(); t++) {
            ToolProvider tool = (ToolProvider) parts[3 + t];
            Attached supplier = suppliers.get(t);
            // Agent v3 offers each tool under its node's name, as n8n does; earlier versions use the tool's own name.
            // A toolkit's tools (an MCP server's) keep their own names in every version.
            String name = spec.typeVersion() >= 3 && !((ToolNode) supplier.node()).toolkit()
                    ? Params.toolName(supplier.spec().name()) : tool.name();
            ToolProvider offered = name.equals(tool.name()) ? tool : new Renamed(name, tool);
            if (names.putIfAbsent(name, supplier.spec().name()) != null) {
                throw new NodeExecutionException(ErrorCode.INVALID_WORKFLOW, "node '" + spec.name() + "' has two tools"
                        + " named '" + name + "' (nodes '" + names.get(name) + "' and '" + supplier.spec().name()
                        + "'); rename one of them");
            }
            builder.tool(offered);
        }
        Built fresh = new Built(parts, builder.build(), Map.copyOf(names));
        built.set(fresh);
        return fresh;
    }

    private static boolean sameInstances(Object[] a, Object[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** The user message: {@code chatInput} of the item for {@code promptType: auto}, else {@code text}. */
    private String prompt(NodeRun run, int i) {
        boolean auto;
        if (promptType.isMissingNode()) {
            auto = spec.typeVersion() > 1.2;
        } else {
            auto = "auto".equals(promptType.asText());
        }
        JsonNode value;
        if (auto) {
            value = run.scope(i).json().get("chatInput");
            if (Values.isNullish(value)) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "': no prompt"
                        + " specified: the input item has no 'chatInput' field (the prompt source is the connected chat"
                        + " trigger); connect a chat trigger, or set the prompt source to 'Define below' and write 'text'");
            }
        } else {
            value = text.isMissingNode() ? legacyText(run, i) : value(run, text, "text", i);
            if (Values.isNullish(value)) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name()
                        + "': no prompt specified: 'text' is empty");
            }
        }
        return Values.text(value);
    }

    /** Agent v1 before promptType existed: {@code text} defaulted to an expression per version. */
    private JsonNode legacyText(NodeRun run, int i) {
        String field = spec.typeVersion() < 1.1 ? "input" : spec.typeVersion() < 1.2 ? "chat_input" : "chatInput";
        return run.scope(i).json().get(field);
    }

    private void report(RunListener listener, AgentResponse response) {
        if (listener == RunListener.NONE) {
            return;
        }
        for (StepTiming step : response.state().steps()) {
            String what = switch (step.kind()) {
                case MODEL_CALL -> "model call" + (step.name() == null ? "" : " " + step.name());
                case TOOL_CALL -> "tool " + step.name();
                case MEMORY_LOAD -> "memory load";
                case MEMORY_STORE -> "memory store";
            };
            listener.step(spec, what, step.nanos());
        }
        Map<String, String> results = new HashMap<>();
        for (Message m : response.turn()) {
            if (m.role() == Role.TOOL) {
                results.put(m.toolCallId(), m.content());
            }
        }
        for (Message m : response.turn()) {
            for (ToolCall call : m.toolCalls()) {
                listener.step(spec, "tool " + call.name() + " " + call.arguments() + " -> "
                        + abbreviate(results.getOrDefault(call.id(), "")), 0);
            }
        }
    }

    private static String abbreviate(String text) {
        String one = text.replaceAll("\\s+", " ");
        return one.length() <= 200 ? one : one.substring(0, 199) + "…";
    }

    /** n8n's {@code intermediateSteps}: one {@code {action, observation}} per tool call of the turn. */
    static ArrayNode intermediateSteps(List<Message> turn) {
        Map<String, String> observations = new HashMap<>();
        for (Message m : turn) {
            if (m.role() == Role.TOOL) {
                observations.put(m.toolCallId(), m.content());
            }
        }
        ArrayNode steps = Json.MAPPER.createArrayNode();
        for (Message m : turn) {
            if (!m.hasToolCalls()) {
                continue;
            }
            ObjectNode messageLog = Json.object();
            messageLog.put("content", m.content());
            ArrayNode calls = messageLog.putArray("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id());
                c.put("name", call.name());
                c.set("args", arguments(call));
                c.put("type", "tool_call");
            }
            for (ToolCall call : m.toolCalls()) {
                ObjectNode step = steps.addObject();
                ObjectNode action = step.putObject("action");
                action.put("tool", call.name());
                action.set("toolInput", arguments(call));
                action.put("log", "Invoking \"" + call.name() + "\" with " + call.arguments() + "\n");
                action.putArray("messageLog").add(messageLog);
                action.put("toolCallId", call.id());
                action.put("type", "tool_call");
                step.put("observation", observations.getOrDefault(call.id(), ""));
            }
        }
        return steps;
    }

    private static JsonNode arguments(ToolCall call) {
        try {
            return Json.parse(call.arguments(), "tool arguments");
        } catch (NodeExecutionException e) {
            return Json.MAPPER.getNodeFactory().textNode(call.arguments());
        }
    }

    /** A tool offered to the model under another name. */
    private record Renamed(ToolDefinition toolDefinition, ToolProvider tool) implements ToolProvider {

        Renamed(String name, ToolProvider tool) {
            this(new ToolDefinition(name, tool.description(), tool.parameters()), tool);
        }

        @Override
        public boolean returnsPromptly() {
            return tool.returnsPromptly();
        }

        @Override
        public String execute(JsonNode arguments) {
            return tool.execute(arguments);
        }
    }
}
