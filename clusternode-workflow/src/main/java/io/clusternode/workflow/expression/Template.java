package io.clusternode.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A compiled n8n expression: the text after the leading {@code =}, literal text with {@code {{ }}} blocks.
 * A template that is exactly one block keeps the block's value type (number, object, ...); any other
 * template is text. Each block is compiled once into the cheapest form that evaluates it: a plain path,
 * a whole {@code $fromAI(...)} call, or JavaScript.
 */
public final class Template {

    private sealed interface Part permits Literal, Block {
    }

    private record Literal(String text) implements Part {
    }

    private record Block(String source, PathExpression path, FromAiCall fromAi) implements Part {
    }

    private final String source;
    private final List<Part> parts;
    private final Supplier<JavaScript> javaScript;

    private Template(String source, List<Part> parts, Supplier<JavaScript> javaScript) {
        this.source = source;
        this.parts = parts;
        this.javaScript = javaScript;
    }

    /** Compiles template text (without the leading {@code =}). */
    static Template compile(String source, Supplier<JavaScript> javaScript) {
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < source.length()) {
            int open = source.indexOf("{{", pos);
            if (open < 0) {
                break;
            }
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                break;
            }
            if (open > pos) {
                parts.add(new Literal(source.substring(pos, open)));
            }
            String code = source.substring(open + 2, close);
            parts.add(new Block(code, PathExpression.parse(code), FromAiCall.whole(code)));
            pos = close + 2;
        }
        if (pos < source.length()) {
            parts.add(new Literal(source.substring(pos)));
        }
        return new Template(source, List.copyOf(parts), javaScript);
    }

    /** Whether evaluating this template needs JavaScript. */
    public boolean needsJavaScript() {
        for (Part part : parts) {
            if (part instanceof Block block && block.path() == null && block.fromAi() == null) {
                return true;
            }
        }
        return false;
    }

    /** The template as written, after the {@code =}. */
    public String source() {
        return source;
    }

    /** Evaluates the template; a missing value (JavaScript's undefined) for a single block that yields none. */
    public JsonNode evaluate(ExpressionScope scope) {
        if (parts.isEmpty()) {
            return TextNode.valueOf("");
        }
        if (parts.size() == 1) {
            Part only = parts.get(0);
            return only instanceof Block block ? evaluate(block, scope) : TextNode.valueOf(((Literal) only).text());
        }
        StringBuilder out = new StringBuilder(source.length() + 16);
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else {
                out.append(Values.text(evaluate((Block) part, scope)));
            }
        }
        return TextNode.valueOf(out.toString());
    }

    private JsonNode evaluate(Block block, ExpressionScope scope) {
        if (block.path() != null) {
            return block.path().evaluate(scope);
        }
        if (block.fromAi() != null) {
            return scope.fromAi(block.fromAi().key(), block.fromAi().defaultValue());
        }
        String code = block.source().strip();
        if (code.isEmpty()) {
            return MissingNode.getInstance();
        }
        return Values.fromJava(javaScript.get().evaluate(code, scope.bindings()));
    }
}
