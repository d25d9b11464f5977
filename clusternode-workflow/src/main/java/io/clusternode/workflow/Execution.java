package io.clusternode.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.workflow.expression.ExpressionScope;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.expression.RunData;
import io.clusternode.workflow.model.Connection;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.MainNode;
import io.clusternode.workflow.spi.NodeRun;
import io.clusternode.workflow.spi.SubNodeScope;
import io.clusternode.workflow.spi.TriggerNode;
import io.clusternode.workflow.spi.WorkflowNode;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of a workflow, in n8n's v1 order: depth first, a node's first output's branches before its second's,
 * sibling branches by canvas position (top first, then left); a branch that receives no items stops there.
 * The run's result is the last executed node's items.
 */
final class Execution implements RunData {

    private final WorkflowRunner runner;
    private final Workflow workflow;
    private final RunRequest request;
    private final RunListener listener;
    private final int depth;
    /** Made on first use ({@link #id()}); only the run's thread and its tool threads read it. */
    private volatile String executionId;
    private final Instant startedAt;
    /**
     * Each node's items, in execution order. Written only by the run's thread; the tool threads of an agent step
     * read it, and starting a thread publishes what was written before.
     */
    private final Map<String, List<Item>> outputs = new LinkedHashMap<>();
    private String chatTrigger;
    /** The first respondToWebhook answer of the run; written on the run's thread only. */
    private WebhookResponse webhookResponse;

    Execution(WorkflowRunner runner, RunRequest request, RunListener listener, int depth) {
        this.runner = runner;
        this.workflow = runner.workflow();
        this.request = request;
        this.listener = listener == null ? RunListener.NONE : listener;
        this.depth = depth;
        this.startedAt = runner.options().clock().instant();
    }

    private record Pending(NodeSpec node, List<Item> input) {
    }

    RunResult run(NodeSpec trigger) {
        TriggerNode triggerNode = (TriggerNode) runner.created(trigger.name());
        if (triggerNode.acceptsChat()) {
            chatTrigger = trigger.name();
        }
        listener.nodeStarted(trigger);
        long t = System.nanoTime();
        List<ObjectNode> started = triggerNode.start(request);
        List<Item> items = new ArrayList<>(started.size());
        for (ObjectNode json : started) {
            items.add(Item.trigger(trigger.name(), json));
        }
        record(trigger, List.of(items));
        listener.nodeFinished(trigger, items.size(), System.nanoTime() - t);
        String last = trigger.name();
        List<Item> lastItems = items;
        Deque<Pending> stack = new ArrayDeque<>(4);
        schedule(trigger, List.of(items), stack);
        while (!stack.isEmpty()) {
            Pending pending = stack.pop();
            NodeSpec node = pending.node();
            listener.nodeStarted(node);
            t = System.nanoTime();
            List<List<Item>> result = execute(node, pending.input());
            record(node, result);
            List<Item> emitted = firstNonEmpty(result);
            listener.nodeFinished(node, emitted.size(), System.nanoTime() - t);
            last = node.name();
            lastItems = emitted;
            schedule(node, result, stack);
        }
        return new RunResult(this::id, last, lastItems, Collections.unmodifiableMap(outputs), webhookResponse);
    }

    private List<List<Item>> execute(NodeSpec node, List<Item> input) {
        WorkflowNode created = runner.created(node.name());
        if (!(created instanceof MainNode main)) {
            throw new NodeExecutionException(ErrorCode.INVALID_WORKFLOW, node.describe()
                    + " receives items on 'main' but does not take any; check its connections");
        }
        try {
            List<List<Item>> result = main.execute(new Step(node, input));
            return result == null ? List.of() : result;
        } catch (NodeExecutionException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("node '")) {
                throw e;
            }
            throw new NodeExecutionException(e.code(), "node '" + node.name() + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new NodeExecutionException(ErrorCode.INTERNAL, "node '" + node.name() + "' failed unexpectedly: " + e, e);
        }
    }

    private void record(NodeSpec node, List<List<Item>> result) {
        List<Item> emitted = firstNonEmpty(result);
        outputs.put(node.name(), emitted);
    }

    private static List<Item> firstNonEmpty(List<List<Item>> result) {
        for (List<Item> output : result) {
            if (output != null && !output.isEmpty()) {
                return output;
            }
        }
        return List.of();
    }

    /** Pushes the children so that the first output's first child is popped first. */
    private void schedule(NodeSpec node, List<List<Item>> result, Deque<Pending> stack) {
        for (int output = result.size() - 1; output >= 0; output--) {
            List<Item> items = result.get(output);
            if (items == null || items.isEmpty()) {
                continue;
            }
            List<Connection> targets = workflow.outgoingMain(node.name(), output);
            for (int t = targets.size() - 1; t >= 0; t--) {
                stack.push(new Pending(workflow.node(targets.get(t).target()), items));
            }
        }
    }

    @Override
    public List<Item> outputOf(String nodeName) {
        return outputs.get(nodeName);
    }

    @Override
    public boolean hasNode(String nodeName) {
        return workflow.node(nodeName) != null;
    }

    @Override
    public JsonNode parametersOf(String nodeName) {
        NodeSpec node = workflow.node(nodeName);
        return node == null ? null : node.parameters();
    }

    @Override
    public String executionId() {
        return id();
    }

    @Override
    public String workflowId() {
        return workflow.id();
    }

    @Override
    public String workflowName() {
        return workflow.name();
    }

    @Override
    public ZonedDateTime startedAt() {
        return startedAt.atZone(runner.options().clock().getZone());
    }

    /**
     * A random (version 4) UUID from the thread's generator: execution ids need to be unique, not unguessable,
     * and {@link UUID#randomUUID()} serialises concurrent runs on one secure generator.
     */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~0xC000000000000000L) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The execution id, made on first use: most runs never ask for it. */
    private String id() {
        String id = executionId;
        if (id == null) {
            id = newId();
            executionId = id;
        }
        return id;
    }

    @Override
    public Map<String, String> environment() {
        return runner.options().allowEnvironment() ? System.getenv() : null;
    }

    /** One node's execution. */
    final class Step implements NodeRun {
        private final NodeSpec node;
        private final List<Item> input;

        Step(NodeSpec node, List<Item> input) {
            this.node = node;
            this.input = List.copyOf(input);
        }

        int depth() {
            return depth;
        }

        @Override
        public NodeSpec node() {
            return node;
        }

        @Override
        public List<Item> input() {
            return input;
        }

        @Override
        public JsonNode parameter(String path, int itemIndex) {
            return runner.expressions().resolve(node.parameter(path), scope(itemIndex),
                    "node '" + node.name() + "', parameter '" + path + "'");
        }

        @Override
        public ExpressionScope scope(int itemIndex) {
            Item item = itemIndex < input.size() ? input.get(itemIndex) : null;
            return new ExpressionScope(Execution.this, item, itemIndex, input, null);
        }

        @Override
        public SubNodeScope subNodes(int itemIndex) {
            ExpressionScope scope = scope(0);
            Step root = this;
            return new SubNodeScope() {
                @Override
                public NodeSpec root() {
                    return node;
                }

                @Override
                public NodeRun rootRun() {
                    return root;
                }

                @Override
                public ExpressionScope scope() {
                    return scope;
                }

                @Override
                public JsonNode parameter(NodeSpec subNode, String path) {
                    return runner.expressions().resolve(subNode.parameter(path), scope,
                            "node '" + subNode.name() + "', parameter '" + path + "'");
                }

                @Override
                public Expressions expressions() {
                    return runner.expressions();
                }

                @Override
                public RunListener listener() {
                    return listener;
                }

                @Override
                public String chatTriggerName() {
                    return chatTrigger;
                }
            };
        }

        @Override
        public Expressions expressions() {
            return runner.expressions();
        }

        @Override
        public RunListener listener() {
            return listener;
        }

        @Override
        public String requestedSession() {
            return request.sessionId();
        }

        @Override
        public void respond(WebhookResponse response) {
            if (webhookResponse == null && depth == 0) {
                webhookResponse = response;
            }
        }
    }
}
