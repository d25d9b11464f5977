package io.clusternode.workflow.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.workflow.Item;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionsTest {

    /** Records what reaches JavaScript instead of running it: plain paths must never get here. */
    private final List<String> sentToJavaScript = new ArrayList<>();
    private final Expressions expressions = new Expressions(() -> new JavaScript() {
        @Override
        public Object evaluate(String expression, Map<String, Object> bindings) {
            sentToJavaScript.add(expression.strip());
            return "from-js";
        }

        @Override
        public Object run(String functionBody, Map<String, Object> bindings) {
            throw new AssertionError();
        }
    });

    private static final ObjectNode WEBHOOK = (ObjectNode) Json.parse(
            "{\"body\": {\"message\": \"Hi\", \"a b\": [10, 20], \"n\": 3, \"ok\": true, \"obj\": {\"k\": 1}}}", "x");
    private static final ObjectNode SET = (ObjectNode) Json.parse("{\"sessionId\": \"s1\", \"prompt\": \"Be brief\"}", "x");

    private final Item hook = Item.trigger("Webhook", WEBHOOK);
    private final Item set = Item.derive("Set", SET, hook, 0);
    private final RunData run = new RunData() {
        @Override
        public List<Item> outputOf(String nodeName) {
            return switch (nodeName) {
                case "Webhook" -> List.of(hook);
                case "Set" -> List.of(set);
                default -> null;
            };
        }

        @Override
        public boolean hasNode(String nodeName) {
            return !nodeName.equals("Nope");
        }

        @Override
        public JsonNode parametersOf(String nodeName) {
            return Json.object().put("path", "p");
        }

        @Override
        public String executionId() {
            return "exec-1";
        }

        @Override
        public String workflowId() {
            return "wf-1";
        }

        @Override
        public String workflowName() {
            return "My flow";
        }

        @Override
        public ZonedDateTime startedAt() {
            return ZonedDateTime.of(2026, 3, 4, 15, 30, 0, 0, ZoneOffset.UTC);
        }

        @Override
        public Map<String, String> environment() {
            return null;
        }
    };

    private JsonNode eval(String expression) {
        return expressions.resolve(TextNode.valueOf(expression), new ExpressionScope(run, set, 0, List.of(set), null), "p");
    }

    @Test
    void plainPathsResolveNativelyWithTheirTypes() {
        assertThat(eval("={{ $json.prompt }}").asText()).isEqualTo("Be brief");
        assertThat(eval("={{ $('Webhook').item.json.body.n }}").isInt()).isTrue();
        assertThat(eval("={{$('Webhook').item.json.body[\"a b\"][1]}}").asInt()).isEqualTo(20);
        assertThat(eval("={{ $('Webhook').first().json.body.ok }}").booleanValue()).isTrue();
        assertThat(eval("={{ $('Webhook').last().json.body.obj }}")).isEqualTo(Json.parse("{\"k\": 1}", "x"));
        assertThat(eval("={{ $(\"Set\").all()[0].json.sessionId }}").asText()).isEqualTo("s1");
        assertThat(eval("={{ $node[\"Webhook\"].json.body.message }}").asText()).isEqualTo("Hi");
        assertThat(eval("={{ $input.item.json.sessionId }}").asText()).isEqualTo("s1");
        assertThat(eval("={{ $json?.missing?.deeper }}").isMissingNode()).isTrue();
        assertThat(eval("={{ $execution.id }}").asText()).isEqualTo("exec-1");
        assertThat(eval("={{ $workflow.name }}").asText()).isEqualTo("My flow");
        assertThat(eval("={{ $now }}").asText()).isEqualTo("2026-03-04T15:30:00Z");
        assertThat(eval("={{ $today }}").asText()).isEqualTo("2026-03-04T00:00:00Z");
        assertThat(eval("={{ $('Webhook').params.path }}").asText()).isEqualTo("p");
        assertThat(eval("={{ $('Webhook').item.json.body['a b'].length }}").asInt()).isEqualTo(2);
        assertThat(sentToJavaScript).isEmpty();
    }

    @Test
    void templatesMixTextAndBlocks() {
        assertThat(eval("=Hello {{ $json.sessionId }}, n={{ $('Webhook').item.json.body.n }} {{ $json.nothing }}!").asText())
                .isEqualTo("Hello s1, n=3 !");
        assertThat(eval("=obj: {{ $('Webhook').item.json.body.obj }}").asText()).isEqualTo("obj: {\"k\":1}");
        assertThat(eval("=Persona: no braces").asText()).isEqualTo("Persona: no braces");
        assertThat(expressions.resolve(TextNode.valueOf("{{ $json.sessionId }}"), null, "p").asText())
                .isEqualTo("{{ $json.sessionId }}");
        assertThat(sentToJavaScript).isEmpty();
    }

    @Test
    void anythingElseGoesToJavaScript() {
        assertThat(eval("={{ $json.prompt.toUpperCase() }}").asText()).isEqualTo("from-js");
        assertThat(eval("={{ $json?.body?.text || $json?.chatInput }}").asText()).isEqualTo("from-js");
        assertThat(eval("={{ parseInt($json.n) }}").asText()).isEqualTo("from-js");
        assertThat(sentToJavaScript).containsExactly("$json.prompt.toUpperCase()", "$json?.body?.text || $json?.chatInput",
                "parseInt($json.n)");
    }

    @Test
    void errorsNameTheParameterAndTheNode() {
        assertThatThrownBy(() -> eval("={{ $json.missing.deeper }}")).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EXPRESSION_ERROR);
                    assertThat(e.getMessage()).startsWith("p: cannot read property 'deeper' of undefined");
                });
        assertThatThrownBy(() -> eval("={{ $('Nope').item.json.x }}")).hasMessageContaining("no node called 'Nope'");
        assertThatThrownBy(() -> eval("={{ $('Later').item.json.x }}")).hasMessageContaining("has not run");
        assertThatThrownBy(() -> eval("={{ $env.HOME }}")).hasMessageContaining("$env is off");
    }

    @Test
    void fromAiInToolParameters() {
        List<FromAiCall> calls = FromAiCall.findAll("={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('Thoughts',"
                + " `Write initial thoughts`, 'string') }} and {{ parseInt($fromAI(\"n\", 'a number', 'number', 5)) }}");
        assertThat(calls).extracting(FromAiCall::key, FromAiCall::description, FromAiCall::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Thoughts", "Write initial thoughts", "string"),
                        org.assertj.core.groups.Tuple.tuple("n", "a number", "number"));
        assertThat(calls.get(1).defaultValue().asInt()).isEqualTo(5);
        ExpressionScope scope = new ExpressionScope(run, set, 0, List.of(set), null)
                .withFromAi(Json.parse("{\"Thoughts\": \"plan it\"}", "x"));
        JsonNode value = expressions.resolve(TextNode.valueOf("={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('Thoughts',"
                + " `Write initial thoughts`, 'string') }}"), scope, "p");
        assertThat(value.asText()).isEqualTo("plan it");
        assertThat(sentToJavaScript).isEmpty();
        assertThatThrownBy(() -> eval("={{ $fromAI('Thoughts') }}")).hasMessageContaining("only be used in the parameters of a tool");
    }

    @Test
    void objectsAreResolvedDeeplyWithoutCopyingWhatHasNoExpression() {
        JsonNode plain = Json.parse("{\"a\": {\"b\": [1, \"x\"]}}", "x");
        ExpressionScope scope = new ExpressionScope(run, set, 0, List.of(set), null);
        assertThat(expressions.resolve(plain, scope, "p")).isSameAs(plain);
        JsonNode withExpression = Json.parse("{\"a\": {\"b\": [1, \"={{ $json.sessionId }}\"]}}", "x");
        assertThat(expressions.resolve(withExpression, scope, "p")).isEqualTo(Json.parse("{\"a\": {\"b\": [1, \"s1\"]}}", "x"));
    }
}
