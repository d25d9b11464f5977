package io.clusternode.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.workflow.WorkflowLoadException.Problem;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.model.Connection;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.NodeRole;
import io.clusternode.workflow.spi.NodeTypeFactory;
import io.clusternode.workflow.spi.WorkflowGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow loaded from n8n's workflow JSON and checked: every node's type is known and supported, every
 * connection joins existing nodes, {@code main} has no cycle, every root node has its required sub-nodes.
 * Immutable and thread-safe; {@link #bind} it to credentials to run it.
 *
 * <p>Unknown top-level keys are ignored, {@code pinData} is never used, sticky notes are ignored, disabled
 * nodes pass their input items through (sub-nodes that are disabled are not attached).
 */
public final class Workflow implements WorkflowGraph {

    static final String STICKY_NOTE = "n8n-nodes-base.stickyNote";

    private final String name;
    private final String id;
    private final Path file;
    private final Map<String, NodeSpec> nodes;
    private final List<Connection> connections;
    private final Map<String, NodeTypeFactory> factories;
    private final Map<String, NodeRole> roles;
    private final List<NodeStatus> statuses;
    private final List<Problem> problems;
    private final NodeTypes types;
    /** node name -> output index -> targets, ordered by canvas position; computed once. */
    private final Map<String, List<List<Connection>>> mainTargets = new HashMap<>();

    private Workflow(Builder b) {
        this.name = b.name;
        this.id = b.id;
        this.file = b.file;
        this.nodes = b.nodes;
        this.connections = List.copyOf(b.connections);
        this.factories = b.factories;
        this.roles = b.roles;
        this.statuses = List.copyOf(b.statuses);
        this.problems = List.copyOf(b.problems);
        this.types = b.types;
        for (Connection c : connections) {
            if (c.isMain() && active(c.source()) && active(c.target())) {
                List<List<Connection>> outputs = mainTargets.computeIfAbsent(c.source(), k -> new ArrayList<>());
                while (outputs.size() <= c.sourceOutput()) {
                    outputs.add(new ArrayList<>());
                }
                outputs.get(c.sourceOutput()).add(c);
            }
        }
        Comparator<Connection> byPosition = Comparator.comparingDouble((Connection c) -> nodes.get(c.target()).position()[1])
                .thenComparingDouble(c -> nodes.get(c.target()).position()[0]);
        mainTargets.values().forEach(outputs -> outputs.forEach(targets -> targets.sort(byPosition)));
    }

    /**
     * Loads and checks a workflow file.
     *
     * @throws WorkflowLoadException listing every problem (unsupported nodes, bad connections, cycles, missing
     *         sub-nodes), one line each
     * @throws NodeExecutionException with {@code INVALID_JSON} for malformed JSON, {@code INVALID_INPUT} when the
     *         file cannot be read
     */
    public static Workflow load(Path file) {
        return requireRunnable(inspect(file, NodeTypes.installed()));
    }

    /** Loads and checks workflow JSON; {@code sourceName} names it in messages. */
    public static Workflow parse(String json, String sourceName) {
        return requireRunnable(read(json, sourceName, null, NodeTypes.installed()));
    }

    /** Loads a workflow file with the given node types. */
    public static Workflow load(Path file, NodeTypes types) {
        return requireRunnable(inspect(file, types));
    }

    /**
     * Loads a workflow file without failing on unsupported nodes or bad connections, so that {@link #statuses()}
     * and {@link #problems()} can be shown ({@code clusternode workflow validate}).
     *
     * @throws NodeExecutionException with {@code INVALID_JSON} / {@code INVALID_WORKFLOW} when it is not a workflow at all
     */
    public static Workflow inspect(Path file, NodeTypes types) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "workflow file " + file + " does not exist");
        } catch (IOException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "cannot read workflow file " + file + ": " + e);
        }
        return read(text, file.getFileName().toString(), file, types);
    }

    private static Workflow requireRunnable(Workflow workflow) {
        if (!workflow.problems.isEmpty()) {
            throw new WorkflowLoadException(workflow.problems);
        }
        return workflow;
    }

    static Workflow read(String text, String sourceName, Path file, NodeTypes types) {
        JsonNode root = Json.parse(text, "workflow " + sourceName);
        if (!root.isObject() || !root.path("nodes").isArray()) {
            throw new NodeExecutionException(ErrorCode.INVALID_WORKFLOW, "workflow " + sourceName
                    + " has no \"nodes\" array; is it an n8n workflow export?");
        }
        Builder b = new Builder();
        b.types = types;
        b.file = file;
        b.name = root.path("name").asText(sourceName);
        b.id = root.hasNonNull("id") ? root.get("id").asText() : null;
        int index = 0;
        for (JsonNode n : root.get("nodes")) {
            b.node(n, index++, sourceName);
        }
        b.connections(root.path("connections"));
        b.classify();
        b.checkCycles();
        b.checkRoots();
        return new Workflow(b);
    }

    public String name() {
        return name;
    }

    /** The workflow's {@code id}, or null when the file has none. */
    public String id() {
        return id;
    }

    /** The file it was loaded from, or null. */
    public Path file() {
        return file;
    }

    /** Every node as written (sticky notes and disabled nodes too), in file order. */
    public List<NodeSpec> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public NodeSpec node(String nodeName) {
        return nodes.get(nodeName);
    }

    public List<Connection> connections() {
        return connections;
    }

    /** What the engine does with each node, in file order. */
    public List<NodeStatus> statuses() {
        return statuses;
    }

    /** Problems that keep the workflow from running (empty for a workflow from {@link #load}). */
    public List<Problem> problems() {
        return problems;
    }

    /** The role of an enabled, supported node; null for others. */
    public NodeRole role(String nodeName) {
        return roles.get(nodeName);
    }

    NodeTypeFactory factory(String nodeName) {
        return factories.get(nodeName);
    }

    NodeTypes types() {
        return types;
    }

    /** Whether the node runs (enabled, supported, not a sticky note). */
    boolean active(String nodeName) {
        return roles.containsKey(nodeName);
    }

    @Override
    public List<Connection> incoming(String nodeName, String connectionType) {
        List<Connection> out = new ArrayList<>();
        for (Connection c : connections) {
            if (c.target().equals(nodeName) && c.type().equals(connectionType) && active(c.source())) {
                out.add(c);
            }
        }
        return out;
    }

    /** The enabled {@code main} targets of one output of a node, ordered by canvas position (top, then left). */
    List<Connection> outgoingMain(String nodeName, int output) {
        List<List<Connection>> outputs = mainTargets.get(nodeName);
        return outputs == null || output >= outputs.size() ? List.of() : outputs.get(output);
    }

    /** Binds the workflow to credentials and the process environment; the result runs it. */
    public WorkflowRunner bind(Credentials credentials) {
        return bind(credentials, WorkflowRunner.Options.defaults());
    }

    /**
     * Binds the workflow: creates every node (chat model clients, memory pools, tools) with its credentials.
     *
     * @throws NodeExecutionException with {@code MISSING_CREDENTIAL} naming the node and credential type, or
     *         {@code INVALID_INPUT} for a node that cannot be configured
     */
    public WorkflowRunner bind(Credentials credentials, WorkflowRunner.Options options) {
        return new WorkflowRunner(this, credentials, options);
    }

    private static final class Builder {
        private NodeTypes types;
        private Path file;
        private String name;
        private String id;
        private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
        private final List<Connection> connections = new ArrayList<>();
        private final Map<String, NodeTypeFactory> factories = new HashMap<>();
        private final Map<String, NodeRole> roles = new HashMap<>();
        private final List<NodeStatus> statuses = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();

        void node(JsonNode n, int index, String sourceName) {
            String nodeName = n.path("name").isTextual() ? n.get("name").textValue() : null;
            String type = n.path("type").isTextual() ? n.get("type").textValue() : null;
            if (nodeName == null || type == null) {
                throw new NodeExecutionException(ErrorCode.INVALID_WORKFLOW, "node #" + (index + 1) + " of workflow "
                        + sourceName + " has no " + (nodeName == null ? "\"name\"" : "\"type\"")
                        + (nodeName == null ? "" : " (node '" + nodeName + "')"));
            }
            ObjectNode parameters = n.path("parameters").isObject() ? (ObjectNode) n.get("parameters") : Json.object();
            Map<String, String> credentials = new LinkedHashMap<>();
            n.path("credentials").properties().forEach(e ->
                    credentials.put(e.getKey(), e.getValue().path("name").asText(e.getValue().asText(""))));
            double[] position = null;
            if (n.path("position").isArray() && n.get("position").size() >= 2) {
                position = new double[] {n.get("position").get(0).asDouble(), n.get("position").get(1).asDouble()};
            }
            NodeSpec spec = new NodeSpec(n.path("id").asText(nodeName), nodeName, type,
                    n.path("typeVersion").asDouble(1), parameters, credentials, n.path("disabled").asBoolean(false),
                    position, n.path("webhookId").isTextual() && !n.get("webhookId").textValue().isBlank()
                            ? n.get("webhookId").textValue().strip() : null);
            if (nodes.putIfAbsent(nodeName, spec) != null) {
                throw new NodeExecutionException(ErrorCode.INVALID_WORKFLOW, "workflow " + sourceName
                        + " has two nodes named '" + nodeName + "'; node names must be unique");
            }
        }

        void connections(JsonNode all) {
            for (Map.Entry<String, JsonNode> source : all.properties()) {
                if (!nodes.containsKey(source.getKey())) {
                    problems.add(new Problem(ErrorCode.INVALID_WORKFLOW, "a connection starts at node '"
                            + source.getKey() + "', which does not exist in the workflow"));
                    continue;
                }
                source.getValue().properties().forEach(byType -> {
                    JsonNode outputs = byType.getValue();
                    for (int output = 0; output < outputs.size(); output++) {
                        JsonNode targets = outputs.get(output);
                        if (targets == null || !targets.isArray()) {
                            continue;
                        }
                        for (JsonNode target : targets) {
                            String targetName = target.path("node").asText(null);
                            if (targetName == null || !nodes.containsKey(targetName)) {
                                problems.add(new Problem(ErrorCode.INVALID_WORKFLOW, "node '" + source.getKey()
                                        + "' is connected (" + byType.getKey() + ") to node '" + targetName
                                        + "', which does not exist in the workflow"));
                                continue;
                            }
                            connections.add(new Connection(source.getKey(), target.path("type").asText(byType.getKey()),
                                    output, targetName, target.path("index").asInt(0)));
                        }
                    }
                });
            }
        }

        void classify() {
            for (NodeSpec node : nodes.values()) {
                if (node.type().equals(STICKY_NOTE)) {
                    statuses.add(new NodeStatus(node, NodeStatus.State.IGNORED, "sticky note (a canvas comment)"));
                    continue;
                }
                NodeTypeFactory factory = types.factory(node.type());
                String reason = factory == null ? null : factory.unsupportedReason(node);
                if (node.disabled()) {
                    statuses.add(new NodeStatus(node, NodeStatus.State.IGNORED,
                            "disabled (items pass through; a disabled sub-node is not attached)"));
                    if (onlyMainConnections(node.name())) {
                        // n8n passes a disabled node's input items on, so it stays in the item flow
                        factories.put(node.name(), DisabledNode.FACTORY);
                        roles.put(node.name(), NodeRole.MAIN);
                    }
                    continue;
                }
                if (factory == null || reason != null) {
                    statuses.add(new NodeStatus(node, NodeStatus.State.UNSUPPORTED, reason == null ? "unknown node type" : reason));
                    problems.add(new Problem(ErrorCode.UNSUPPORTED_NODE, node.describe() + " is not supported"
                            + (reason == null ? "" : ": " + reason)));
                    continue;
                }
                NodeRole role = factory.role(node);
                factories.put(node.name(), factory);
                roles.put(node.name(), role);
                statuses.add(new NodeStatus(node, NodeStatus.State.SUPPORTED, role.name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', ' ')));
            }
        }

        private boolean onlyMainConnections(String nodeName) {
            for (Connection c : connections) {
                if (c.source().equals(nodeName) && !c.isMain()) {
                    return false;
                }
            }
            return true;
        }

        void checkCycles() {
            Map<String, Integer> state = new HashMap<>();
            for (String start : nodes.keySet()) {
                List<String> path = new ArrayList<>();
                String cycle = visit(start, state, path);
                if (cycle != null) {
                    problems.add(new Problem(ErrorCode.INVALID_WORKFLOW, "the main connections form a cycle: " + cycle
                            + "; loops are not supported"));
                    return;
                }
            }
        }

        private String visit(String node, Map<String, Integer> state, List<String> path) {
            Integer s = state.get(node);
            if (s != null && s == 2) {
                return null;
            }
            if (s != null && s == 1) {
                int from = path.indexOf(node);
                List<String> loop = new ArrayList<>(path.subList(from, path.size()));
                loop.add(node);
                return "'" + String.join("' -> '", loop) + "'";
            }
            state.put(node, 1);
            path.add(node);
            for (Connection c : connections) {
                if (c.isMain() && c.source().equals(node)) {
                    String cycle = visit(c.target(), state, path);
                    if (cycle != null) {
                        return cycle;
                    }
                }
            }
            path.remove(path.size() - 1);
            state.put(node, 2);
            return null;
        }

        void checkRoots() {
            WorkflowGraph graph = new WorkflowGraph() {
                @Override
                public List<Connection> incoming(String nodeName, String connectionType) {
                    List<Connection> out = new ArrayList<>();
                    for (Connection c : connections) {
                        if (c.target().equals(nodeName) && c.type().equals(connectionType)
                                && roles.containsKey(c.source()) && !nodes.get(c.source()).disabled()) {
                            out.add(c);
                        }
                    }
                    return out;
                }

                @Override
                public NodeSpec node(String nodeName) {
                    return nodes.get(nodeName);
                }
            };
            for (NodeSpec node : nodes.values()) {
                NodeTypeFactory factory = factories.get(node.name());
                if (factory != null && !node.disabled()) {
                    for (String problem : factory.connectionProblems(node, graph)) {
                        problems.add(new Problem(ErrorCode.MISSING_SUB_NODE, problem));
                    }
                }
            }
        }
    }
}
