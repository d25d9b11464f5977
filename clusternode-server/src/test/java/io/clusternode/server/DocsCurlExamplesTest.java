package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clusternode.core.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs, in order, every curl example of docs/server.md against a server with the documented defaults. */
class DocsCurlExamplesTest {

    private static final Path DOC = Path.of("..", "docs", "server.md");

    @Test
    void everyCurlExampleOfTheServerDocsWorks() throws Exception {
        String curl = OpenAiNodeClientTest.executable("curl");
        if (curl == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("curl is required when CI=true");
        }
        assumeTrue(curl != null, "curl is not installed; skipping the documentation examples");
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String block = doc.substring(doc.indexOf("<!-- curl-examples -->"), doc.indexOf("<!-- /curl-examples -->"));
        List<String> commands = new ArrayList<>();
        for (String line : block.lines().toList()) {
            if (line.startsWith("curl ")) {
                commands.add(line);
            }
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(9);
        try (ClusterNodeServer server = ClusterNodeServer.start(
                ServerConfig.resolve(Map.of(ServerConfig.PORT, "0"), Settings.empty()), Settings.empty())) {
            List<String> outputs = new ArrayList<>();
            for (String command : commands) {
                String runnable = command.replace("http://127.0.0.1:8080", "http://127.0.0.1:" + server.port())
                        + " --fail-with-body";
                Process process = new ProcessBuilder("bash", "-c", runnable).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as(command + "\n" + output).isZero();
                outputs.add(output);
            }
            assertThat(outputs.get(0)).contains("\"id\":\"clusternode\"");
            assertThat(outputs.get(1)).contains("The result is 84.");
            assertThat(outputs.get(2)).contains("chat.completion.chunk", "\"usage\"", "data: [DONE]");
            assertThat(outputs.get(4)).contains("My name is Alice");
            assertThat(outputs.get(5)).contains("\"deleted\":true");
            assertThat(outputs.get(6)).contains("\"status\":\"UP\"");
            assertThat(outputs.get(7)).contains("clusternode_agent_runs_seconds_count");
            assertThat(outputs.get(8)).contains("\"serverInfo\":{\"name\":\"clusternode\"");
        }
    }
}
