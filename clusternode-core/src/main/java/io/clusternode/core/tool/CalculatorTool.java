package io.clusternode.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.ToolProvider;

/**
 * Evaluates arithmetic expressions (kind and tool name {@value #NAME}): {@code + - * / % ^}, parentheses,
 * decimals, unary minus, constants pi and e, and functions such as sqrt, abs, ln, log, min, max, round.
 * A real parser ({@link ExpressionParser}), never a script engine. Stateless and thread-safe.
 */
public final class CalculatorTool implements ToolProvider {

    public static final String NAME = "calculator";
    public static final int MAX_EXPRESSION_LENGTH = 1000;

    private static final JsonNode PARAMETERS = Json.parse("""
            {"type":"object",
             "properties":{"expression":{"type":"string","minLength":1,"maxLength":1000,
               "description":"An arithmetic expression, e.g. (12 * 7) / 3 or sqrt(2) ^ 2"}},
             "required":["expression"],
             "additionalProperties":false}""", "calculator schema");

    private static final ToolDefinition TOOL = new ToolDefinition(NAME,
            "Evaluates an arithmetic expression exactly and returns the number. Use it for any calculation.",
            PARAMETERS);

    private static final NodeDefinition DEFINITION = new NodeDefinition(TOOL.name(), NodeType.TOOL, "Calculator", 1,
            TOOL.parameters());

    @Override
    public ToolDefinition toolDefinition() {
        return TOOL;
    }

    @Override
    public NodeDefinition definition() {
        return DEFINITION;
    }

    /** Parses at most MAX_EXPRESSION_LENGTH characters into double arithmetic: it cannot block or run long. */
    @Override
    public boolean returnsPromptly() {
        return true;
    }

    @Override
    public String execute(JsonNode arguments) {
        String expression = arguments.path("expression").asText("");
        return evaluate(expression);
    }

    /** Evaluates an expression and formats the result (integers without a decimal point). */
    public String evaluate(String expression) {
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR,
                    "the expression is longer than " + MAX_EXPRESSION_LENGTH + " characters");
        }
        double value;
        try {
            value = ExpressionParser.evaluate(expression);
        } catch (IllegalArgumentException e) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "cannot evaluate '" + expression + "': "
                    + e.getMessage());
        } catch (StackOverflowError e) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "cannot evaluate '" + expression
                    + "': it is nested too deeply");
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "'" + expression + "' has no finite result");
        }
        return ExpressionParser.format(value);
    }
}
