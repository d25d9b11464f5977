package io.clusternode.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers that are not what they claim: each gives one clear error at connect, and leaves no process behind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpBadServerTest {

    private static NodeExecutionException connectFails(List<String> command) {
        long before = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
        McpServerConfig config = McpServerConfig.of(new McpTransportSpec.Stdio(command, Map.of()))
                .withConnectTimeout(Duration.ofSeconds(3));
        NodeExecutionException error = null;
        try {
            McpToolSource.connect(config).close();
        } catch (NodeExecutionException e) {
            error = e;
        }
        assertThat(error).as("connecting to " + command).isNotNull();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                .as("processes left running").isLessThanOrEqualTo(before);
        return error;
    }

    @Test
    void aServerThatExitsAtStartSaysSoWithItsLastErrorOutput() {
        NodeExecutionException error = connectFails(List.of(NpmServers.node(), "-e",
                "console.error('OPENWEATHER_KEY is not set'); process.exit(3)"));
        assertThat(error.code()).isEqualTo(ErrorCode.TOOL_ERROR);
        assertThat(error.getMessage()).contains("could not be started: it exited with code 3")
                .contains("(its last error output: OPENWEATHER_KEY is not set)");
    }

    @Test
    void aCommandThatDoesNotExistIsNamed() {
        NodeExecutionException error = connectFails(List.of("/nonexistent/mcp-server", "--stdio"));
        assertThat(error.code()).isEqualTo(ErrorCode.TOOL_ERROR);
        assertThat(error.getMessage()).startsWith("MCP server '/nonexistent/mcp-server --stdio' could not be started: ");
    }

    @Test
    void aServerPrintingGarbageOnStdoutIsNamedWithTheLine() {
        NodeExecutionException error = connectFails(List.of(NpmServers.node(), "-e",
                "console.log('Welcome to my server!'); setInterval(() => console.log('tick'), 100)"));
        assertThat(error.code()).isEqualTo(ErrorCode.TOOL_ERROR);
        assertThat(error.getMessage()).contains("could not be started: it wrote something other than MCP messages on"
                + " its standard output: 'Welcome to my server!' (a stdio server may write logs only to standard error)");
    }

    @Test
    void aServerThatHangsTimesOut() {
        NodeExecutionException error = connectFails(List.of(NpmServers.node(), "-e", "setInterval(() => {}, 1000)"));
        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.getMessage()).endsWith("could not be started: no MCP answer within 3000 ms");
    }

    @Test
    void anHttpServerThatIsNotThereIsNamedWithoutItsSecrets() {
        McpServerConfig config = McpServerConfig.of(McpTransportSpec.parse("http://127.0.0.1:9/mcp?token=s3cret"))
                .withConnectTimeout(Duration.ofSeconds(3));
        assertThatThrownBy(() -> McpToolSource.connect(config)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> {
                    assertThat(e.getMessage()).startsWith("MCP server 'http://127.0.0.1:9/mcp?token=***' could not be"
                            + " started: ").doesNotContain("s3cret");
                });
    }
}
