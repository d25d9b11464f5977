package io.clusternode.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.NodeType;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CalculatorToolTest {

    private final CalculatorTool calculator = new CalculatorTool();

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "12 * 7          | 84",
        "1 + 2           | 3",
        "10 - 4 - 3      | 3",
        "7 / 2           | 3.5",
        "10 % 3          | 1",
        "2 ^ 10          | 1024",
        "2 ** 3          | 8",
        "2 ^ 3 ^ 2       | 512",
        "2 + 3 * 4       | 14",
        "(2 + 3) * 4     | 20",
        "2 * (3 + (4 - 1)) / 3 | 4",
        "100 / 10 / 5    | 2",
        "1.5 + 2.25      | 3.75",
        "0.1 + 0.2       | 0.3",
        ".5 * 4          | 2",
        "-2 ^ 2          | -4",
        "(-2) ^ 2        | 4",
        "2 ^ -1          | 0.5",
        "-3 + 5          | 2",
        "--3             | 3",
        "+4              | 4",
        "3 * -2          | -6",
        "sqrt(16)        | 4",
        "sqrt(2) ^ 2     | 2",
        "abs(-7.5)       | 7.5",
        "max(3, 9)       | 9",
        "min(3, 9)       | 3",
        "pow(2, 8)       | 256",
        "round(2.5)      | 3",
        "floor(-1.5)     | -2",
        "ceil(1.2)       | 2",
        "log(1000)       | 3",
        "ln(e)           | 1",
        "log2(8)         | 3",
        "SQRT(9)         | 3",
        "cos(0)          | 1",
        "1e3 + 1         | 1001",
        "1_000 * 2       | 2000",
        "6 × 7           | 42",
        "84 ÷ 2          | 42",
        "1 / 3           | 0.333333333333333",
        "5.0             | 5",
        "-0              | 0",
        "  42  \t        | 42",
    })
    void evaluates(String expression, String expected) {
        assertThat(calculator.evaluate(expression)).isEqualTo(expected);
    }

    @Test
    void formatsPiAndLargeNumbers() {
        assertThat(calculator.evaluate("pi")).startsWith("3.14159265358979");
        assertThat(calculator.evaluate("2 ^ 60")).isEqualTo("1.152921504606847E18");
        assertThat(calculator.evaluate("999999999999999")).isEqualTo("999999999999999");
        assertThat(calculator.evaluate("2 ^ 10")).doesNotContain(".");
    }

    @Test
    void divisionByZeroIsAClearToolError() {
        for (String expression : new String[] {"1 / 0", "5 / (2 - 2)", "0 / 0", "1 / -0"}) {
            assertThatThrownBy(() -> calculator.evaluate(expression))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR))
                    .hasMessageContaining("division by zero").hasMessageContaining(expression);
        }
        assertThatThrownBy(() -> calculator.evaluate("7 % 0")).hasMessageContaining("modulo by zero");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "2 +", "abc", "1 +* 2", "(1 + 2", "1 + 2)", "()", "2 3", "1.2.3", ".",
        "sqrt(-1)", "ln(0)", "log(-5)", "min(1)", "sqrt(1, 2)", "foo(1)", "max(1,2,3,4,5)", "10 ^ 400", "1e999",
        "$5", "2 ** ", "sqrt", "1,5", "*", "=", "2 e", "#", "'1'"})
    void garbageIsAToolError(String expression) {
        assertThatThrownBy(() -> calculator.evaluate(expression))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR))
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }

    @Test
    void errorsNameTheProblemAndPosition() {
        assertThatThrownBy(() -> calculator.evaluate("2 +")).hasMessageContaining("position");
        assertThatThrownBy(() -> calculator.evaluate("abc")).hasMessageContaining("unknown name 'abc'");
        assertThatThrownBy(() -> calculator.evaluate("1 +* 2")).hasMessageContaining("unexpected '*'");
        assertThatThrownBy(() -> calculator.evaluate("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> calculator.evaluate("(1 + 2")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> calculator.evaluate("10 ^ 400")).hasMessageContaining("no finite result");
    }

    @Test
    void deepNestingWithinTheLengthLimitEvaluates() {
        String nested = "(".repeat(490) + "1" + ")".repeat(490);
        assertThat(calculator.evaluate(nested)).isEqualTo("1");
        assertThat(calculator.evaluate("-".repeat(999) + "1")).isEqualTo("-1");
    }

    @Test
    void overlongExpressionsAreRejectedBeforeParsing() {
        String deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        assertThatThrownBy(() -> calculator.evaluate(deep)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR)).hasMessageContaining("longer than");
    }

    @Test
    void deepNestingOnATinyStackDoesNotCrash() throws InterruptedException {
        String nested = "(".repeat(499) + "1" + ")".repeat(499);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set(calculator.evaluate(nested));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "tiny-stack", 64 * 1024);
        thread.start();
        thread.join();
        Object result = outcome.get();
        if (result instanceof Throwable t) {
            assertThat(t).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR);
                assertThat(e.getMessage()).contains("nested too deeply");
            });
        } else {
            assertThat(result).isEqualTo("1");
        }
    }

    @Test
    void executesFromJsonArguments() {
        assertThat(calculator.execute(Json.parse("{\"expression\":\"6*7\"}", "args"))).isEqualTo("42");
        assertThatThrownBy(() -> calculator.execute(Json.object())).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR));
    }

    @Test
    void describesItselfWithAClosedSchema() {
        assertThat(calculator.name()).isEqualTo("calculator");
        assertThat(calculator.type()).isEqualTo(NodeType.TOOL);
        assertThat(calculator.description()).isNotBlank();
        assertThat(calculator.parameters().path("required").get(0).asText()).isEqualTo("expression");
        assertThat(calculator.parameters().path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(calculator.toolDefinition().name()).isEqualTo("calculator");
        assertThat(calculator.toolDefinition().parameters()).isEqualTo(calculator.parameters());
    }
}
