package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client against the server: a plain completion, a streamed one, a client-side
 * tool round trip and a 401. The package is installed by {@code .ci/run} into {@code .ci/npm} (see there);
 * without node or the package the test is skipped, except under {@code CI=true} where it fails.
 */
class OpenAiNodeClientTest {

    static final Path NODE_MODULES = Path.of("..", ".ci", "npm", "node_modules").toAbsolutePath().normalize();
    private static final String KEY = "sk-node-client-test";

    @Test
    void theOfficialOpenAiClientWorksUnchanged() throws Exception {
        String node = executable("node");
        boolean ready = node != null && Files.isDirectory(NODE_MODULES.resolve("openai"));
        if (!ready && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("node and the openai npm package are required when CI=true; .ci/run installs"
                    + " them into .ci/npm");
        }
        assumeTrue(ready, "node or the openai npm package is missing (npm install --prefix .ci/npm openai);"
                + " skipping the official-client test");
        ServerConfig config = ServerConfig.resolve(Map.of(ServerConfig.PORT, "0", ServerConfig.API_KEYS, KEY,
                ServerConfig.AGENTS, "clusternode=calculator+datetime;plain="), Settings.empty());
        try (ClusterNodeServer server = ClusterNodeServer.start(config, Settings.empty())) {
            ProcessBuilder builder = new ProcessBuilder(node, Path.of("src", "test", "node", "openai-client.cjs").toString());
            builder.environment().put("NODE_PATH", NODE_MODULES.toString());
            builder.environment().put("BASE_URL", "http://127.0.0.1:" + server.port() + "/v1");
            builder.environment().put("API_KEY", KEY);
            builder.redirectErrorStream(true);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            JsonNode seen = Json.parse(output.strip().lines().reduce((a, b) -> b).orElse(""), "client output");

            assertThat(seen.path("models").toString()).isEqualTo("[\"clusternode\",\"plain\"]");
            assertThat(seen.path("plain").asText()).isEqualTo("The result is 84.");
            assertThat(seen.path("plainFinish").asText()).isEqualTo("stop");
            assertThat(seen.path("plainUsage").asInt()).isPositive();
            assertThat(seen.path("streamed").asText())
                    .isEqualTo("Simulated reply to \"Hello, stream\" (I received 0 earlier conversation messages).");
            assertThat(seen.path("chunks").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(seen.path("streamUsage").asInt()).isPositive();
            assertThat(seen.path("toolFinish").asText()).isEqualTo("tool_calls");
            assertThat(seen.path("toolName").asText()).isEqualTo("calculator");
            assertThat(seen.path("toolAnswer").asText()).isEqualTo("The result is 42.");
            assertThat(seen.path("unauthorized").asInt()).isEqualTo(401);
            assertThat(seen.path("unauthorizedCode").asText()).isEqualTo("invalid_api_key");
        }
    }

    static String executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
