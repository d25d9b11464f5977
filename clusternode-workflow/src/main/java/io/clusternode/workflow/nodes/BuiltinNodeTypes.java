package io.clusternode.workflow.nodes;

import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.MainNode;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.NodeRole;
import io.clusternode.workflow.spi.NodeTypeFactory;
import io.clusternode.workflow.spi.WorkflowGraph;
import io.clusternode.workflow.spi.WorkflowNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The node types ClusterNode runs out of the box. */
public final class BuiltinNodeTypes implements NodeTypeFactory {

    private static final String BASE = "n8n-nodes-base.";
    private static final String LANGCHAIN = "@n8n/n8n-nodes-langchain.";
    /** ClusterNode's own node types. */
    public static final String CLUSTERNODE = "clusternode.";
    /** The offline simulated chat model, for trying a workflow without an API key. */
    public static final String SIMULATED_MODEL = CLUSTERNODE + "lmChatSimulated";

    private record Type(NodeRole role, Function<NodeSpec, String> unsupported,
                        BiFunction<NodeSpec, WorkflowGraph, List<String>> problems,
                        Function<NodeContext, WorkflowNode> create) {
    }

    private static final Map<String, Type> TYPES = table();

    private static Map<String, Type> table() {
        Map<String, Type> t = new LinkedHashMap<>();
        Function<NodeSpec, String> always = node -> null;
        BiFunction<NodeSpec, WorkflowGraph, List<String>> none = (node, graph) -> List.of();
        MainNode passThrough = run -> List.of(run.input());
        t.put(BASE + "manualTrigger", new Type(NodeRole.TRIGGER, always, none, c -> Triggers.manual()));
        t.put(LANGCHAIN + "chatTrigger", new Type(NodeRole.TRIGGER, always, none, c -> Triggers.chat()));
        t.put(LANGCHAIN + "manualChatTrigger", new Type(NodeRole.TRIGGER, always, none, c -> Triggers.manualChat()));
        t.put(BASE + "webhook", new Type(NodeRole.TRIGGER, always, none, c -> Triggers.webhook()));
        t.put(BASE + "executeWorkflowTrigger", new Type(NodeRole.TRIGGER, always, none,
                c -> Triggers.executeWorkflow(c.node())));
        t.put(BASE + "set", new Type(NodeRole.MAIN, SetNode::unsupportedReason, none, c -> new SetNode(c.node())));
        t.put(BASE + "if", new Type(NodeRole.MAIN, IfNode::unsupportedReason, none, c -> new IfNode(c.node())));
        t.put(BASE + "noOp", new Type(NodeRole.MAIN, always, none, c -> passThrough));
        t.put(BASE + "respondToWebhook", new Type(NodeRole.MAIN, RespondToWebhookNode::unsupportedReason, none,
                c -> new RespondToWebhookNode(c.node())));
        t.put(BASE + "code", new Type(NodeRole.MAIN, CodeNode::unsupportedReason, none, c -> new CodeNode(c.node())));
        t.put(LANGCHAIN + "agent", new Type(NodeRole.MAIN, AgentNode::unsupportedReason, AgentNode::connectionProblems,
                AgentNode::create));
        t.put(LANGCHAIN + "lmChatOpenAi", new Type(NodeRole.LANGUAGE_MODEL, always, none, ChatModels::openAi));
        t.put(LANGCHAIN + "lmChatDeepSeek", new Type(NodeRole.LANGUAGE_MODEL, always, none, ChatModels::deepSeek));
        t.put(LANGCHAIN + "lmChatOllama", new Type(NodeRole.LANGUAGE_MODEL, always, none, ChatModels::ollama));
        t.put(SIMULATED_MODEL, new Type(NodeRole.LANGUAGE_MODEL, always, none, ChatModels::simulated));
        t.put(LANGCHAIN + "memoryBufferWindow", new Type(NodeRole.MEMORY, always, none, Memories::window));
        t.put(LANGCHAIN + "memoryPostgresChat", new Type(NodeRole.MEMORY, always, none, Memories::postgres));
        t.put(LANGCHAIN + "memoryRedisChat", new Type(NodeRole.MEMORY, always, none, Memories::redis));
        t.put(LANGCHAIN + "toolCalculator", new Type(NodeRole.TOOL, always, none, Tools::calculator));
        t.put(LANGCHAIN + "toolCode", new Type(NodeRole.TOOL, Tools::codeUnsupportedReason, none, Tools::code));
        t.put(LANGCHAIN + "toolWorkflow", new Type(NodeRole.TOOL, Tools::workflowUnsupportedReason, none, Tools::workflow));
        t.put(HttpTools.TOOL_HTTP_REQUEST, new Type(NodeRole.TOOL, HttpTools::unsupportedReason, none, HttpTools::create));
        t.put(BASE + "httpRequestTool", new Type(NodeRole.TOOL, HttpTools::unsupportedReason, none, HttpTools::create));
        t.put(LANGCHAIN + "mcpClientTool", new Type(NodeRole.TOOL, McpClientNode::unsupportedReason, none,
                McpClientNode::create));
        return Map.copyOf(t);
    }

    @Override
    public Set<String> types() {
        return TYPES.keySet();
    }

    @Override
    public NodeRole role(NodeSpec node) {
        return TYPES.get(node.type()).role();
    }

    @Override
    public String unsupportedReason(NodeSpec node) {
        return TYPES.get(node.type()).unsupported().apply(node);
    }

    @Override
    public List<String> connectionProblems(NodeSpec node, WorkflowGraph graph) {
        return TYPES.get(node.type()).problems().apply(node, graph);
    }

    @Override
    public WorkflowNode create(NodeContext context) {
        return TYPES.get(context.node().type()).create().apply(context);
    }
}
