package io.clusternode.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.workflow.credentials.Credential;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.expression.JavaScript;
import io.clusternode.workflow.model.Connection;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.MemoryNode;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.NodeRole;
import io.clusternode.workflow.spi.NodeRun;
import io.clusternode.workflow.spi.SubWorkflows;
import io.clusternode.workflow.spi.TriggerNode;
import io.clusternode.workflow.spi.WorkflowNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A workflow bound to its credentials, ready to run: every node is created once (model clients, memory pools,
 * tools) and shared by all runs. {@link #run} is thread-safe: any number of runs may execute concurrently, each
 * with its own items and expression state. {@link #close()} releases the nodes' resources.
 */
public final class WorkflowRunner implements AutoCloseable, SubWorkflows {

    /** Sub-workflow calls nested deeper than this fail, so a workflow calling itself cannot recurse forever. */
    static final int MAX_DEPTH = 8;

    private static final String EXECUTE_WORKFLOW_TRIGGER = "n8n-nodes-base.executeWorkflowTrigger";
    private static final String WEBHOOK = "n8n-nodes-base.webhook";
    private static final String MANUAL_TRIGGER = "n8n-nodes-base.manualTrigger";

    /**
     * How runs behave.
     *
     * @param settings          environment values credentials fall back to and nodes read
     * @param allowEnvironment  whether expressions may read {@code $env}
     * @param javaScript        where JavaScript goes (asked only when an expression or Code node needs it)
     * @param clock             the clock of {@code $now} and {@code $today}
     */
    public record Options(Settings settings, boolean allowEnvironment, Supplier<JavaScript> javaScript, Clock clock) {

        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(javaScript, "javaScript");
            Objects.requireNonNull(clock, "clock");
        }

        /** The process environment, no {@code $env}, the shared JavaScript engine, the system clock. */
        public static Options defaults() {
            return new Options(Settings.environment(), false, JavaScript::shared, Clock.systemUTC());
        }

        public Options withSettings(Settings value) {
            return new Options(value, allowEnvironment, javaScript, clock);
        }

        public Options withEnvironmentAccess(boolean value) {
            return new Options(settings, value, javaScript, clock);
        }

        public Options withJavaScript(Supplier<JavaScript> value) {
            return new Options(settings, allowEnvironment, value, clock);
        }

        public Options withClock(Clock value) {
            return new Options(settings, allowEnvironment, javaScript, value);
        }
    }

    private final Workflow workflow;
    private final Credentials credentials;
    private final Options options;
    private final Expressions expressions;
    private final Map<String, WorkflowNode> created = new LinkedHashMap<>();
    /** Enabled triggers in file order, and the one each kind of request starts from (null when none). */
    private final List<NodeSpec> triggers = new ArrayList<>();
    private NodeSpec chatStart;
    private NodeSpec inputStart;
    private NodeSpec plainStart;

    WorkflowRunner(Workflow workflow, Credentials credentials, Options options) {
        this.workflow = workflow;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.options = Objects.requireNonNull(options, "options");
        this.expressions = new Expressions(options.javaScript());
        List<NodeSpec> order = new ArrayList<>();
        for (NodeSpec node : workflow.nodes()) {
            NodeRole role = workflow.role(node.name());
            if (role != null && role.isSubNode()) {
                order.add(node);
            }
        }
        for (NodeSpec node : workflow.nodes()) {
            NodeRole role = workflow.role(node.name());
            if (role != null && !role.isSubNode()) {
                order.add(node);
            }
        }
        try {
            for (NodeSpec node : order) {
                created.put(node.name(), workflow.factory(node.name()).create(new Context(node)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        for (NodeSpec node : workflow.nodes()) {
            if (created.get(node.name()) instanceof TriggerNode) {
                triggers.add(node);
            }
        }
        List<NodeSpec> startable = triggers.stream().filter(t -> !t.type().equals(EXECUTE_WORKFLOW_TRIGGER)).toList();
        chatStart = startable.stream().filter(t -> ((TriggerNode) created.get(t.name())).acceptsChat()).findFirst()
                .orElse(null);
        inputStart = startable.stream().min(Comparator.comparingInt(t -> rank(t, true))).orElse(null);
        plainStart = startable.stream().min(Comparator.comparingInt(t -> rank(t, false))).orElse(null);
    }

    public Workflow workflow() {
        return workflow;
    }

    Options options() {
        return options;
    }

    Expressions expressions() {
        return expressions;
    }

    WorkflowNode created(String nodeName) {
        return created.get(nodeName);
    }

    /** Whether a chat message can start this workflow (it has an enabled chat trigger). */
    public boolean chatTriggered() {
        return chatStart != null;
    }

    /**
     * The memory attached to {@code nodeName} through {@code ai_memory} (a chat trigger's memory, which answers the
     * chat widget's {@code loadPreviousSession}), when that memory node keeps one shared memory.
     */
    public Optional<MemoryProvider> memoryOf(String nodeName) {
        for (Connection c : workflow.incoming(nodeName, Connection.MEMORY)) {
            if (created.get(c.source()) instanceof MemoryNode memory && memory.provider() != null) {
                return Optional.of(memory.provider());
            }
        }
        return Optional.empty();
    }

    /** The shared memories of the workflow's memory nodes, in file order. */
    public List<MemoryProvider> memories() {
        List<MemoryProvider> out = new ArrayList<>();
        for (WorkflowNode node : created.values()) {
            if (node instanceof MemoryNode memory && memory.provider() != null) {
                out.add(memory.provider());
            }
        }
        return out;
    }

    /** Runs the workflow once. */
    public RunResult run(RunRequest request) {
        return run(request, RunListener.NONE);
    }

    /**
     * Runs the workflow once, telling {@code listener} about each node.
     *
     * @throws NodeExecutionException naming the failing node; nothing of a failed agent turn is stored in memory
     */
    public RunResult run(RunRequest request, RunListener listener) {
        NodeSpec trigger = pickTrigger(request);
        return new Execution(this, request, listener, 0).run(trigger);
    }

    private NodeSpec pickTrigger(RunRequest request) {
        if (request.trigger() != null) {
            for (NodeSpec node : triggers) {
                if (node.name().equals(request.trigger())) {
                    return node;
                }
            }
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the workflow has no enabled trigger node named '"
                    + request.trigger() + "'; its triggers: " + triggers.stream().map(NodeSpec::name).toList());
        }
        if (plainStart == null) {
            throw new NodeExecutionException(ErrorCode.INVALID_WORKFLOW, "workflow '" + workflow.name()
                    + "' has no enabled trigger node to start from");
        }
        if (request.message() != null) {
            if (chatStart == null) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "workflow '" + workflow.name()
                        + "' has no chat trigger, so it cannot take a message; give the trigger's item with --input JSON");
            }
            return chatStart;
        }
        return request.input() != null ? inputStart : plainStart;
    }

    /** Preference when no trigger is named: a webhook for input, then the manual trigger, others, chat last. */
    private int rank(NodeSpec node, boolean withInput) {
        if (node.type().equals(WEBHOOK)) {
            return withInput ? 0 : 2;
        }
        if (node.type().equals(MANUAL_TRIGGER)) {
            return 1;
        }
        return ((TriggerNode) created.get(node.name())).acceptsChat() ? 3 : 2;
    }

    @Override
    public boolean resolves(String reference) {
        if (reference == null || reference.isBlank()) {
            return false;
        }
        if (workflow.id() == null || workflow.id().equals(reference)) {
            return true;
        }
        return workflow.file() != null && workflow.file().getFileName().toString().equals(reference);
    }

    @Override
    public List<Item> call(String reference, ObjectNode input, NodeRun caller) {
        if (!resolves(reference)) {
            throw new NodeExecutionException(ErrorCode.INVALID_WORKFLOW, "workflow '" + reference
                    + "' is not this workflow; only a workflow calling itself is supported");
        }
        NodeSpec trigger = null;
        for (NodeSpec node : workflow.nodes()) {
            if (node.type().equals(EXECUTE_WORKFLOW_TRIGGER) && created.get(node.name()) instanceof TriggerNode) {
                trigger = node;
                break;
            }
        }
        if (trigger == null) {
            throw new NodeExecutionException(ErrorCode.INVALID_WORKFLOW, "workflow '" + workflow.name()
                    + "' has no enabled executeWorkflowTrigger node, so it cannot be called as a sub-workflow");
        }
        int depth = caller instanceof Execution.Step step ? step.depth() + 1 : 1;
        if (depth > MAX_DEPTH) {
            throw new NodeExecutionException(ErrorCode.LIMIT_EXCEEDED, "sub-workflow calls are nested more than "
                    + MAX_DEPTH + " deep");
        }
        RunRequest request = new RunRequest(trigger.name(), null, caller.requestedSession(), input);
        return new Execution(this, request, caller.listener(), depth).run(trigger).items();
    }

    /** Closes every node (memory pools, model clients); keeps going when one fails and rethrows the first failure. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (WorkflowNode node : created.values()) {
            try {
                node.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        created.clear();
        if (first != null) {
            throw first;
        }
    }

    /** What a node type sees while its node is created. */
    private final class Context implements NodeContext {
        private final NodeSpec node;

        Context(NodeSpec node) {
            this.node = node;
        }

        @Override
        public NodeSpec node() {
            return node;
        }

        @Override
        public Credential credential(String type) {
            return credentials.resolve(node.name(), type, node.credentials().get(type), options.settings());
        }

        @Override
        public Settings settings() {
            return options.settings();
        }

        @Override
        public Expressions expressions() {
            return expressions;
        }

        @Override
        public List<Attached> attached(String connectionType) {
            List<Attached> out = new ArrayList<>();
            for (Connection c : workflow.incoming(node.name(), connectionType)) {
                WorkflowNode sub = created.get(c.source());
                if (sub != null) {
                    out.add(new Attached(workflow.node(c.source()), c.targetInput(), sub));
                }
            }
            out.sort(Comparator.comparingInt(Attached::index));
            return out;
        }

        @Override
        public SubWorkflows subWorkflows() {
            return WorkflowRunner.this;
        }
    }
}
