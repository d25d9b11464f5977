package io.clusternode.js;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsSandboxExpressionTest {

    private final JsSandbox js = JsSandbox.shared();

    private static Map<String, Object> item() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("a", Map.of("b", 5));
        json.put("list", List.of(1, 2, 3));
        json.put("x", "hi");
        json.put("body", Map.of("message", "Hello", "sessionId", "s1"));
        json.put("price", 2.5);
        json.put("flag", true);
        json.put("nothing", null);
        return json;
    }

    private Object eval(String expression) {
        return js.evaluate(expression, Map.of("$json", item()));
    }

    @Test
    void readsBoundMapsAndListsAsPlainJavaScript() {
        assertThat(eval("$json.a.b")).isEqualTo(5L);
        assertThat(eval("$json[\"x\"]")).isEqualTo("hi");
        assertThat(eval("$json.body.message")).isEqualTo("Hello");
        assertThat(eval("$json.list.length")).isEqualTo(3L);
        assertThat(eval("Array.isArray($json.list)")).isEqualTo(true);
        assertThat(eval("JSON.stringify($json.a)")).isEqualTo("{\"b\":5}");
        assertThat(eval("Object.keys($json)")).isEqualTo(List.of("a", "list", "x", "body", "price", "flag", "nothing"));
        assertThat(eval("$json.list.map(n => n * 2)")).isEqualTo(List.of(2L, 4L, 6L));
        assertThat(eval("[...$json.list, 4].reduce((s, n) => s + n, 0)")).isEqualTo(10L);
        assertThat(eval("({...$json.a, c: 1})")).isEqualTo(Map.of("b", 5L, "c", 1L));
        assertThat(eval("$json.nothing === null && $json.missing === undefined")).isEqualTo(true);
        assertThat(eval("typeof $json.flag")).isEqualTo("boolean");
    }

    @Test
    void supportsTheJavaScriptThatN8nTemplatesUse() {
        assertThat(eval("$json.body?.message || 'none'")).isEqualTo("Hello");
        assertThat(eval("$json.missing?.deep ?? 'fallback'")).isEqualTo("fallback");
        assertThat(eval("parseInt('42px') + 1")).isEqualTo(43L);
        assertThat(eval("`session ${$json.body.sessionId}`")).isEqualTo("session s1");
        assertThat(eval("/* a comment */ $json.x.toUpperCase()")).isEqualTo("HI");
        assertThat(eval("$json.flag ? 'yes' : 'no'")).isEqualTo("yes");
        assertThat(eval("  $json.x;  ")).isEqualTo("hi");
        assertThat(eval("$json.x // trailing line comment")).isEqualTo("hi");
        assertThat(eval("(() => { const n = $json.list.length; return n * n; })()")).isEqualTo(9L);
    }

    @Test
    void returnsPlainJavaValues() {
        assertThat(eval("1 + 1")).isInstanceOf(Long.class).isEqualTo(2L);
        assertThat(eval("4 / 2")).isInstanceOf(Long.class).isEqualTo(2L);
        assertThat(eval("$json.price * 2")).isInstanceOf(Long.class).isEqualTo(5L);
        assertThat(eval("$json.price")).isInstanceOf(Double.class).isEqualTo(2.5);
        assertThat(eval("1e21")).isInstanceOf(Double.class).isEqualTo(1e21);
        assertThat(eval("'text'")).isEqualTo("text");
        assertThat(eval("false")).isEqualTo(false);
        assertThat(eval("null")).isNull();
        assertThat(eval("undefined")).isNull();
        assertThat(eval("[1, 'a', null, {q: true}, [2.5]]"))
                .isEqualTo(java.util.Arrays.asList(1L, "a", null, Map.of("q", true), List.of(2.5)));
        assertThat(eval("({z: 1, a: 2, m: {n: [1]}})")).isInstanceOf(LinkedHashMap.class)
                .isEqualTo(Map.of("z", 1L, "a", 2L, "m", Map.of("n", List.of(1L))));
        assertThat(List.copyOf(((Map<?, ?>) eval("({z: 1, a: 2})")).keySet())).isEqualTo(List.of("z", "a"));
        assertThat(eval("new Date(Date.UTC(2024, 0, 2, 3, 4, 5))")).isEqualTo("2024-01-02T03:04:05.000Z");
        assertThat(eval("({d: new Date(0)})")).isEqualTo(Map.of("d", "1970-01-01T00:00:00.000Z"));
        assertThat(eval("({u: undefined, f() {}, n: NaN})")).isEqualTo(java.util.Collections.singletonMap("n", null));
    }

    @Test
    void blankExpressionIsNullWithoutJavaScript() {
        assertThat(js.evaluate("   ", Map.of())).isNull();
        assertThat(js.evaluate("", Map.of())).isNull();
    }

    @Test
    void acceptsEveryDocumentedBindingType() {
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("s", "text");
        bindings.put("b", Boolean.TRUE);
        bindings.put("i", 7);
        bindings.put("l", 1L << 40);
        bindings.put("d", 0.25);
        bindings.put("big", new BigDecimal("1.5"));
        bindings.put("none", null);
        bindings.put("nested", List.of(Map.of("k", List.of(1, Map.of("deep", "yes")))));
        JsonNode node = Json.parse("{\"n\":{\"arr\":[1,2]}}", "test");
        bindings.put("node", node);
        assertThat(js.evaluate("[s, b, i, l, d, big, none, nested[0].k[1].deep, node.n.arr[1]]", bindings))
                .isEqualTo(java.util.Arrays.asList("text", true, 7L, 1L << 40, 0.25, 1.5, null, "yes", 2L));
    }

    @Test
    void javaScriptChangesItsCopiesNeverTheCallersValues() {
        Map<String, Object> json = new LinkedHashMap<>(Map.of("count", 1));
        List<Object> list = new ArrayList<>(List.of(1, 2));
        Map<String, Object> bindings = Map.of("$json", json, "list", list);
        assertThat(js.evaluate("($json.count = 99, $json.added = true, list.push(3), [$json.count, list.length])", bindings))
                .isEqualTo(List.of(99L, 3L));
        assertThat(json).isEqualTo(Map.of("count", 1));
        assertThat(list).isEqualTo(List.of(1, 2));
        assertThat(js.evaluate("$json.count", bindings)).isEqualTo(1L);
    }

    @Test
    void callsJavaFunctionsAndConvertsTheirResultsLikeBindings() {
        List<List<Object>> calls = new ArrayList<>();
        JsFunction node = args -> {
            calls.add(java.util.Arrays.asList(args));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("item", Map.of("json", Map.of("y", "from " + args[0])));
            result.put("first", (JsFunction) none -> Map.of("json", Map.of("z", 1)));
            result.put("all", (JsFunction) none -> List.of(Map.of("json", Map.of("z", 1)), Map.of("json", Map.of("z", 2))));
            return result;
        };
        Map<String, Object> bindings = Map.of("$", node, "$input", Map.of("all", (JsFunction) none -> List.of(item())));
        assertThat(js.evaluate("$('Chat Trigger').item.json.y", bindings)).isEqualTo("from Chat Trigger");
        assertThat(js.evaluate("$('X').first().json.z + $('X').all().length", bindings)).isEqualTo(3L);
        assertThat(js.evaluate("Array.isArray($('X').all()) && $('X').all()[1].json.z", bindings)).isEqualTo(2L);
        assertThat(js.evaluate("$input.all()[0].body.sessionId", bindings)).isEqualTo("s1");
        assertThat(js.evaluate("typeof $", bindings)).isEqualTo("function");

        calls.clear();
        js.evaluate("$('N', 2, 2.5, true, null, [1, {a: 'b'}], {k: [1]}, undefined)", bindings);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsExactly("N", 2L, 2.5, true, null, List.of(1L, Map.of("a", "b")),
                Map.of("k", List.of(1L)), null);
    }

    @Test
    void aFunctionReturningAFunctionIsCallable() {
        JsFunction adder = a -> (JsFunction) b -> ((Long) a[0]) + ((Long) b[0]);
        assertThat(js.evaluate("add(2)(3)", Map.of("add", adder))).isEqualTo(5L);
    }

    @Test
    void failuresOfJavaFunctionsReachTheCaller() {
        NodeExecutionException missing = new NodeExecutionException(ErrorCode.EXPRESSION_ERROR,
                "node 'Nope' has not run in this execution");
        Map<String, Object> bindings = Map.of("$", (JsFunction) args -> {
            throw missing;
        }, "boom", (JsFunction) args -> {
            throw new IllegalStateException("disk full");
        });
        assertThatThrownBy(() -> js.evaluate("$('Nope').item.json", bindings)).isSameAs(missing);
        assertThatThrownBy(() -> js.evaluate("boom()", bindings))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EXPRESSION_ERROR);
                    assertThat(e.getMessage()).contains("disk full");
                });
        assertThat(js.evaluate("(() => { try { boom(); return 'no'; } catch (e) { return 'caught'; } })()", bindings))
                .isEqualTo("caught");
    }

    @Test
    void unusedBindingsAreNotConverted() {
        JsFunction neverCalled = args -> {
            throw new AssertionError("unused binding must not be touched");
        };
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("$json", item());
        bindings.put("$input", Map.of("all", neverCalled));
        bindings.put("weird", new Object());
        bindings.put("$", new Object());
        assertThat(js.evaluate("$json.x", bindings)).isEqualTo("hi");
        assertThat(js.evaluate("$json.x + $json.list.length", bindings)).isEqualTo("hi3");
        assertThatThrownBy(() -> js.evaluate("weird", bindings))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("Object").contains("cannot be passed to JavaScript");
                });
    }

    @Test
    void rejectsBindingNamesThatAreNotIdentifiers() {
        assertThatThrownBy(() -> js.evaluate("1", Map.of("not valid", 1)))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> js.evaluate("1", Map.of("1abc", 1)))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void aBindingThatContainsItselfIsRejected() {
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        assertThatThrownBy(() -> js.evaluate("c", Map.of("c", cyclic)))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("nests too deeply");
                });
    }

    @Test
    void errorsSayWhatAndWhereInTheUsersCode() {
        assertExpressionError(() -> eval("$json.nope.deeper"),
                "TypeError: Cannot read property 'deeper' of undefined (in the JavaScript expression at line 1, column 1)");
        assertExpressionError(() -> eval("'a' + $json.nope.deeper"),
                "TypeError: Cannot read property 'deeper' of undefined (in the JavaScript expression at line 1, column 7)");
        assertExpressionError(() -> eval("$json.x +"), "JavaScript syntax error in the expression");
        assertExpressionError(() -> eval("undefinedName + 1"), "ReferenceError: undefinedName is not defined");
        assertExpressionError(() -> eval("(() => { throw new Error('custom failure'); })()"), "Error: custom failure");
        assertExpressionError(() -> eval("() => 1"), "the JavaScript expression returned a function, which cannot be passed on");
        assertExpressionError(() -> eval("Symbol('s')"), "returned a symbol");
        assertExpressionError(() -> eval("(() => { const o = {}; o.o = o; return o; })()"), "circular");
    }

    static void assertExpressionError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.EXPRESSION_ERROR);
            assertThat(e.getMessage()).contains(message).doesNotContain("\n").doesNotContain("at org.")
                    .doesNotContain("at com.").doesNotContain("(function(");
            assertThat(e.getCause()).isNull();
        });
    }
}
