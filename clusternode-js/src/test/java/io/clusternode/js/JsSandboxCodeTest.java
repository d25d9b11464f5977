package io.clusternode.js;

import static io.clusternode.js.JsSandboxExpressionTest.assertExpressionError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Code node and toolCode bodies: statements ending with {@code return}. */
class JsSandboxCodeTest {

    private final JsSandbox js = JsSandbox.shared();

    private static List<Object> items() {
        List<Object> items = new ArrayList<>();
        items.add(Map.of("json", Map.of("name", "a", "n", 1)));
        items.add(Map.of("json", Map.of("name", "b", "n", 2)));
        return items;
    }

    private static Map<String, Object> bindings() {
        List<Object> items = items();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("all", (JsFunction) args -> items);
        input.put("first", (JsFunction) args -> items.get(0));
        return Map.of("$input", input, "items", items);
    }

    @Test
    void runsN8nsDefaultCodeNodeTemplate() {
        Object result = js.run("""
                // Loop over input items and add a new field called 'myNewField' to the JSON of each one
                for (const item of $input.all()) {
                  item.json.myNewField = 1;
                }

                return $input.all();
                """, bindings());
        // Each call of $input.all() returns fresh copies, as the items are the caller's and read-only.
        assertThat(result).isEqualTo(List.of(Map.of("json", Map.of("name", "a", "n", 1L)),
                Map.of("json", Map.of("name", "b", "n", 2L))));
    }

    @Test
    void returnsTheItemsTheCodeBuilds() {
        Object result = js.run("""
                const out = [];
                for (const item of items) {
                  item.json.double = item.json.n * 2;
                  out.push(item);
                }
                return out;
                """, bindings());
        assertThat(result).isEqualTo(List.of(Map.of("json", Map.of("name", "a", "n", 1L, "double", 2L)),
                Map.of("json", Map.of("name", "b", "n", 2L, "double", 4L))));
    }

    @Test
    void toolCodeSeesTheQueryAndReturnsAString() {
        assertThat(js.run("return 'You said: ' + query.toUpperCase();", Map.of("query", "hello")))
                .isEqualTo("You said: HELLO");
    }

    @Test
    void undeclaredVariablesWorkButDoNotLeakIntoTheNextRun() {
        // Sloppy-mode code that forgets const: n8n accepts it, so must we.
        assertThat(js.run("count = 0; for (item of items) { count += item.json.n; } return count;", bindings()))
                .isEqualTo(3L);
        for (int i = 0; i < 8; i++) {
            assertThat(js.run("return [typeof count, typeof item];", Map.of())).isEqualTo(List.of("undefined", "undefined"));
        }
    }

    @Test
    void awaitIsSupported() {
        assertThat(js.run("const value = await Promise.resolve(41);\nreturn value + 1;", Map.of())).isEqualTo(42L);
        assertThat(js.run("const all = await Promise.all([1, 2].map(async n => n * 10));\nreturn all;", Map.of()))
                .isEqualTo(List.of(10L, 20L));
        assertExpressionError(() -> js.run("await null;\nthrow new Error('after await');", Map.of()),
                "Error: after await (in the JavaScript code at line 2, column 7)");
        assertExpressionError(() -> js.run("await new Promise(() => {});\nreturn 1;", Map.of()), "never settles");
    }

    @Test
    void aBodyWithoutReturnYieldsNull() {
        assertThat(js.run("const a = 1;", Map.of())).isNull();
        assertThat(js.run("console.log('ignored'); return 'logged';", Map.of())).isEqualTo("logged");
    }

    @Test
    void errorsPointAtTheLineOfTheBody() {
        assertExpressionError(() -> js.run("let n = 0;\nn.foo.bar = 1;\nreturn n;", Map.of()),
                "TypeError: Cannot set property 'bar' of undefined (in the JavaScript code at line 2, column 1)");
        assertExpressionError(() -> js.run("const a = 1;\nconst a = 2;\nreturn a;", Map.of()),
                "JavaScript syntax error in the code at line 2");
        assertExpressionError(() -> js.run("return () => 1;", Map.of()), "the JavaScript code returned a function");
    }
}
