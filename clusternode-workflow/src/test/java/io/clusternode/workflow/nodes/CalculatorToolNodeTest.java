package io.clusternode.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.json.Json;
import io.clusternode.core.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/** The calculator node's tool: LangChain's name and argument, and it runs on the agent's own thread. */
class CalculatorToolNodeTest {

    @Test
    void theCalculatorNodeIsLangChainsCalculatorAndCannotBlock() {
        ToolProvider tool = Tools.calculator(null).tool(null);
        assertThat(tool.name()).isEqualTo("calculator");
        assertThat(tool.execute(Json.object().put("input", "12 * 7"))).isEqualTo("84");
        assertThat(tool.execute(Json.object().put("expression", "2 ^ 10"))).isEqualTo("1024");
        // Without this the agent would hand every calculation to a watchdog thread (microseconds per call).
        assertThat(tool.returnsPromptly()).isTrue();
    }
}
