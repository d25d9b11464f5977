package io.clusternode.js;

import static io.clusternode.js.JsSandboxExpressionTest.assertExpressionError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Every way out of the sandbox that JavaScript offers must be closed, and no code may run unbounded. */
class JsSandboxSecurityTest {

    private final JsSandbox js = JsSandbox.shared();

    @Test
    void hostClassesAreUnreachable() {
        assertExpressionError(() -> js.evaluate("Java.type('java.lang.System').exit(1)", Map.of()),
                "Access to host class java.lang.System is not allowed");
        assertExpressionError(() -> js.evaluate("Java.type('java.lang.Runtime').getRuntime().exec('id')", Map.of()),
                "Access to host class java.lang.Runtime is not allowed");
        assertExpressionError(() -> js.evaluate("java.lang.System.getenv()", Map.of()), "TypeError");
        // The package globals are inert names: nothing behind them can be constructed or called.
        assertExpressionError(() -> js.evaluate("new Packages.java.io.File('/etc/passwd').exists()", Map.of()), "TypeError");
        assertExpressionError(() -> js.evaluate("new java.io.FileInputStream('/etc/passwd')", Map.of()), "TypeError");
        assertThat(js.evaluate("typeof Graal", Map.of())).isEqualTo("undefined");
    }

    @Test
    void javaFunctionsExposeNothingButTheirCall() {
        JsFunction f = args -> "ok";
        assertThat(js.evaluate("[typeof f.getClass, typeof f.apply, f()]", Map.of("f", f)))
                .isEqualTo(List.of("undefined", "function", "ok"));
        assertExpressionError(() -> js.evaluate("f.getClass().forName('java.lang.System')", Map.of("f", f)), "TypeError");
    }

    @Test
    void noFilesNetworkModulesOrProcess() {
        assertThat(js.evaluate("[typeof load, typeof require, typeof process, typeof print, typeof Polyglot, typeof fetch]",
                Map.of())).isEqualTo(List.of("undefined", "undefined", "undefined", "undefined", "undefined", "undefined"));
        assertExpressionError(() -> js.evaluate("load('/etc/passwd')", Map.of()), "ReferenceError: load is not defined");
        assertExpressionError(() -> js.evaluate("require('fs').readFileSync('/etc/passwd')", Map.of()),
                "ReferenceError: require is not defined");
        assertExpressionError(() -> js.evaluate("process.env.HOME", Map.of()), "ReferenceError: process is not defined");
        assertExpressionError(() -> js.evaluate("Polyglot.eval('python', '1')", Map.of()),
                "ReferenceError: Polyglot is not defined");
        Object imported = js.run("""
                try {
                  await import('/etc/passwd');
                  return 'imported';
                } catch (e) {
                  return 'refused';
                }
                """, Map.of());
        assertThat(imported).isEqualTo("refused");
    }

    @Test
    void evalAndFunctionStayInsideTheSandbox() {
        assertThat(js.evaluate("eval('1 + 2')", Map.of())).isEqualTo(3L);
        assertExpressionError(() -> js.evaluate("new Function('return Java.type(\"java.lang.System\")')()", Map.of()),
                "Access to host class java.lang.System is not allowed");
    }

    @Test
    void anEndlessLoopHitsTheStatementLimit() {
        assertExpressionError(() -> js.run("while (true) {}", Map.of()),
                "the JavaScript code executed more than 50000000 statements and was stopped");
        assertThat(js.evaluate("1 + 1", Map.of())).isEqualTo(2L);
    }

    @Test
    void theStatementLimitIsPerEvaluation() {
        JsSandbox small = JsSandbox.create(JsSandbox.Limits.defaults().withStatementLimit(2_000));
        for (int i = 0; i < 20; i++) {
            assertThat(small.run("let n = 0; for (let i = 0; i < 300; i++) { n += i; } return n;", Map.of()))
                    .isEqualTo(44_850L);
        }
        assertExpressionError(() -> small.run("let n = 0; for (let i = 0; i < 3000; i++) { n += i; } return n;", Map.of()),
                "executed more than 2000 statements");
    }

    @Test
    void theTimeLimitStopsWhatTheStatementLimitCannotSee() {
        JsSandbox quick = JsSandbox.create(JsSandbox.Limits.defaults()
                .withTimeout(Duration.ofMillis(300)).withStatementLimit(Long.MAX_VALUE));
        assertExpressionError(() -> quick.run("while (true) {}", Map.of()),
                "the JavaScript code ran longer than its time limit of 300 ms and was stopped");
        // One statement that allocates without end: stopped by the clock (and the heap stays bounded by it).
        assertExpressionError(() -> quick.evaluate("new Array(1e9).fill(0).length", Map.of()), "time limit of 300 ms");
        // A Java callback that blocks is waited for; the evaluation still ends with the time-limit error.
        assertExpressionError(() -> quick.evaluate("(() => { sleep(); while (true) {} })()", Map.of("sleep", (JsFunction) a -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        })), "time limit");
        assertThat(quick.evaluate("'still works'", Map.of())).isEqualTo("still works");
    }

    @Test
    void deepRecursionAndHugeStringsFailCleanly() {
        assertExpressionError(() -> js.evaluate("(function f(n) { return f(n + 1) + 1; })(0)", Map.of()),
                "RangeError: Maximum call stack size exceeded");
        assertExpressionError(() -> js.evaluate("'x'.repeat(2 ** 31)", Map.of()), "RangeError: Invalid");
        assertThat(js.evaluate("'ok'", Map.of())).isEqualTo("ok");
    }

    @Test
    void deepRecursionIsCaughtOnVirtualThreadsToo() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> result = executor.submit(() -> {
                assertExpressionError(() -> js.evaluate("(function f(n) { return f(n + 1) + 1; })(0)", Map.of()),
                        "RangeError: Maximum call stack size exceeded");
                return null;
            });
            result.get();
        }
    }

    @Test
    void oneEvaluationCannotChangeWhatTheNextSees() {
        // Contexts are reused; built-ins are frozen and globals swept so that every evaluation starts equal.
        js.evaluate("(Array.prototype.injected = 1, Object.prototype.polluted = 2, JSON.parse = () => 'hijacked', "
                + "globalThis.leak = 3, Math.random = () => 4, 0)", Map.of());
        assertExpressionError(() -> js.run("Object.defineProperty(Array.prototype, 'map', {value: () => 'hijacked'});",
                Map.of()), "TypeError: Cannot redefine property: map");
        for (int i = 0; i < 10; i++) {
            assertThat(js.evaluate("[[].injected, ({}).polluted, typeof leak, JSON.parse('[1]'), Math.random() < 1, [1].map(x => x + 1)]",
                    Map.of())).isEqualTo(java.util.Arrays.asList(null, null, "undefined", List.of(1L), true, List.of(2L)));
        }
    }

    @Test
    void expressionsThatCreateGlobalsByAccidentLeaveNothingBehind() {
        List<String> leaks = List.of("leakA = 1", "(() => { for (leakB of [1]) {} return 1; })()", "[leakC] = [1]",
                "(function () { this.leakD = 1; })()", "globalThis.leakE = 1", "eval('var leakF = 1')",
                "glob\\u0061lThis.leakG = 1", "(() => { for (leakH in {a: 1}) {} return 1; })()");
        for (String leak : leaks) {
            js.evaluate(leak, Map.of());
        }
        for (int i = 0; i < 10; i++) {
            assertThat(js.evaluate("[typeof leakA, typeof leakB, typeof leakC, typeof leakD, typeof leakE, typeof leakF, "
                    + "typeof leakG, typeof leakH].join()", Map.of()))
                    .isEqualTo("undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined");
        }
    }

    @Test
    void ordinaryCodeStillOverridesInheritedMethodsOnItsOwnObjects() {
        assertThat(js.evaluate("(() => { class E extends Error { constructor(m) { super(m); this.name = 'E'; } }; "
                + "const o = {}; o.toString = () => 'mine'; return [new E('m').name, String(o)]; })()", Map.of()))
                .isEqualTo(List.of("E", "mine"));
    }

    @Test
    void concurrentEvaluationsOnVirtualThreadsKeepTheirOwnBindings() throws Exception {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            tasks.add(() -> js.evaluate("$json.n * 2 + $('x')", Map.of("$json", Map.of("n", n), "$", (JsFunction) a -> n)));
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> results = executor.invokeAll(tasks);
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(3L * i);
            }
        }
    }
}
