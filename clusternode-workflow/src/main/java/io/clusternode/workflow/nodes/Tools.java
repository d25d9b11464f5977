package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.CalculatorTool;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.expression.ExpressionScope;
import io.clusternode.workflow.expression.FromAiCall;
import io.clusternode.workflow.expression.Values;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.NodeRun;
import io.clusternode.workflow.spi.SubNodeScope;
import io.clusternode.workflow.spi.SubWorkflows;
import io.clusternode.workflow.spi.ToolNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tool sub-nodes: {@code toolCalculator} (ClusterNode's exact calculator behind LangChain's
 * {@code {"input": "..."}} schema), {@code toolCode} (JavaScript in the sandbox) and {@code toolWorkflow} (a
 * workflow called as a tool, its inputs filled by the model through {@code $fromAI}).
 */
final class Tools {

    private Tools() {
    }

    /**
     * A tool with a fixed name, description and schema whose execution is a function; {@code returnsPromptly}
     * as {@link ToolProvider#returnsPromptly()} (true only for a body that cannot block).
     */
    private record SimpleTool(ToolDefinition toolDefinition, Function<JsonNode, String> body, boolean returnsPromptly)
            implements ToolProvider {

        SimpleTool(String name, String description, JsonNode parameters, Function<JsonNode, String> body) {
            this(new ToolDefinition(name, description, parameters), body, false);
        }

        @Override
        public String execute(JsonNode arguments) {
            return body.apply(arguments);
        }
    }

    private static ObjectNode stringInput(String name, String description) {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties").putObject(name).put("type", "string").put("description", description);
        return schema;
    }

    /** {@code toolCalculator}: named {@code calculator} (n8n's agents before v3 use LangChain's name). */
    static ToolNode calculator(NodeContext context) {
        CalculatorTool calculator = new CalculatorTool();
        ObjectNode schema = stringInput("input", "a mathematical expression, e.g. 12 * 7");
        // ClusterNode's own models call the calculator with "expression"; accept it as well as LangChain's "input".
        ((ObjectNode) schema.get("properties")).putObject("expression").put("type", "string");
        ToolProvider tool = new SimpleTool(new ToolDefinition("calculator", "Useful for getting the result of a math"
                + " expression. The input to this tool should be a valid mathematical expression that could be executed"
                + " by a simple calculator.", schema), args -> {
                    String expression = args.hasNonNull("input") ? args.get("input").asText() : args.path("expression").asText("");
                    if (expression.isBlank()) {
                        throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "give the expression as \"input\"");
                    }
                    return calculator.evaluate(expression);
                }, calculator.returnsPromptly());
        return scope -> tool;
    }

    /** {@code toolCode} (JavaScript): the code sees the model's input as {@code query} and returns a string. */
    static ToolNode code(NodeContext context) {
        NodeSpec spec = context.node();
        String name = spec.typeVersion() < 1.2 ? spec.parameter("name").asText(Params.toolName(spec.name()))
                : Params.toolName(spec.name());
        String description = spec.parameter("description").asText("Call this tool to run code");
        String code = spec.parameter("jsCode").asText("");
        boolean schemaGiven = spec.parameter("specifyInputSchema").asBoolean(false);
        JsonNode schema = schemaGiven ? inputSchema(spec) : stringInput("input", "the input of the tool");
        ToolProvider tool = new SimpleTool(name, description, schema, args -> {
            Object query = schemaGiven ? Values.toJava(args) : args.path("input").asText("");
            Map<String, Object> bindings = new LinkedHashMap<>();
            bindings.put("query", query);
            Object result;
            try {
                result = context.expressions().javaScript().run(code, bindings);
            } catch (NodeExecutionException e) {
                throw new NodeExecutionException(ErrorCode.TOOL_ERROR, e.getMessage(), e);
            }
            if (result instanceof String text) {
                return text;
            }
            if (result instanceof Number || result instanceof Boolean) {
                return Values.text(Values.fromJava(result));
            }
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "the code of tool '" + name + "' must return a string");
        });
        return scope -> tool;
    }

    static String codeUnsupportedReason(NodeSpec node) {
        String language = node.parameter("language").asText("javaScript");
        return language.equals("javaScript") ? null : "only JavaScript code is supported, not " + language;
    }

    private static JsonNode inputSchema(NodeSpec spec) {
        if ("manual".equals(spec.parameter("schemaType").asText("fromJson"))) {
            JsonNode schema = Json.parse(spec.parameter("inputSchema").asText("{}"), "node '" + spec.name() + "' input schema");
            if (!schema.isObject()) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name()
                        + "': the input schema must be a JSON object schema");
            }
            return schema;
        }
        JsonNode example = Json.parse(spec.parameter("jsonSchemaExample").asText("{}"), "node '" + spec.name()
                + "' JSON example");
        return schemaOf(example);
    }

    /** A JSON schema describing the shape of an example value. */
    private static ObjectNode schemaOf(JsonNode example) {
        ObjectNode schema = Json.object();
        if (example.isObject()) {
            schema.put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            example.properties().forEach(f -> properties.set(f.getKey(), schemaOf(f.getValue())));
        } else if (example.isArray()) {
            schema.put("type", "array");
            if (!example.isEmpty()) {
                schema.set("items", schemaOf(example.get(0)));
            }
        } else {
            schema.put("type", example.isNumber() ? "number" : example.isBoolean() ? "boolean" : "string");
        }
        return schema;
    }

    static String workflowUnsupportedReason(NodeSpec node) {
        if (node.typeVersion() < 2) {
            return "toolWorkflow typeVersion " + node.versionText() + " is not supported (re-save it as version 2.x)";
        }
        String source = node.parameter("source").asText("database");
        return source.equals("database") ? null : "calling a workflow given as '" + source + "' is not supported";
    }

    /**
     * {@code toolWorkflow} v2: runs the referenced workflow (this one, from its {@code executeWorkflowTrigger})
     * with {@code workflowInputs.value}, whose {@code $fromAI(...)} calls are the tool's arguments; returns the
     * called workflow's last node's items as JSON.
     */
    static ToolNode workflow(NodeContext context) {
        NodeSpec spec = context.node();
        String reference = Params.locatorValue(spec.parameter("workflowId"));
        SubWorkflows workflows = context.subWorkflows();
        if (!workflows.resolves(reference)) {
            throw new NodeExecutionException(ErrorCode.INVALID_WORKFLOW, "node '" + spec.name() + "' calls workflow '"
                    + reference + "', which is not this workflow; only a workflow calling itself is supported");
        }
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = Json.MAPPER.createArrayNode();
        FromAiCall.addToSchema(spec.name(), List.of(spec.parameters()), properties, required);
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        String name = Params.toolName(spec.name());
        String description = spec.parameter("description").asText("Call this tool to run a workflow");
        return scope -> new SimpleTool(name, description, schema, args -> call(spec, workflows, reference, scope, args));
    }

    private static String call(NodeSpec spec, SubWorkflows workflows, String reference, SubNodeScope scope, JsonNode args) {
        ExpressionScope withArguments = scope.scope().withFromAi(args);
        JsonNode inputs = scope.expressions().resolve(spec.parameter("workflowInputs.value"), withArguments,
                "node '" + spec.name() + "', parameter 'workflowInputs'");
        ObjectNode input = inputs != null && inputs.isObject() ? ((ObjectNode) inputs).deepCopy() : Json.object();
        NodeRun caller = scope.rootRun();
        List<Item> items = workflows.call(reference, input, caller);
        if (items.size() == 1) {
            return Json.write(items.get(0).json());
        }
        ArrayNode all = Json.MAPPER.createArrayNode();
        items.forEach(i -> all.add(i.json()));
        return Json.write(all);
    }
}
