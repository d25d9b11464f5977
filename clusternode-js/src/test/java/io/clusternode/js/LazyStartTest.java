package io.clusternode.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Loading and configuring the sandbox must not start GraalJS: a fresh JVM lists every class it loads, and no
 * GraalVM or Truffle class may appear before the first evaluation (and some must after it).
 */
class LazyStartTest {

    /** Runs in the child JVM. */
    public static final class Probe {
        public static void main(String[] args) {
            JsSandbox sandbox = JsSandbox.shared();
            JsSandbox custom = JsSandbox.create(JsSandbox.Limits.defaults());
            JsFunction function = a -> "x";
            System.out.println("PROBE configured " + sandbox.started() + " " + custom.limits().timeout() + " "
                    + function.apply());
            System.out.flush();
            Object value = sandbox.evaluate("1 + 1", Map.of());
            System.out.println("PROBE evaluated " + value + " " + sandbox.started());
            System.out.flush();
        }
    }

    @Test
    void graalJsStartsOnTheFirstEvaluationOnly() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xlog:class+load=info", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        List<String> lines = output.lines().toList();
        int configured = indexOf(lines, "PROBE configured false");
        int evaluated = indexOf(lines, "PROBE evaluated 2 true");
        assertThat(configured).as(output).isPositive();
        assertThat(evaluated).as(output).isGreaterThan(configured);
        assertThat(lines.subList(0, configured)).as("GraalVM classes loaded before any evaluation")
                .noneMatch(LazyStartTest::isGraal);
        assertThat(lines.subList(configured, evaluated)).anyMatch(LazyStartTest::isGraal);
    }

    private static boolean isGraal(String line) {
        return line.contains("org.graalvm.") || line.contains("com.oracle.truffle.");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
