package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void defaultsAreLoopbackWithoutKeysAndOneAgent() {
        ServerConfig config = ServerConfig.defaults();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.apiKeys()).isEmpty();
        assertThat(config.loopback()).isTrue();
        assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(config.maxConcurrentRuns()).isEqualTo(64);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.model()).isEqualTo("simulated");
        assertThat(config.memory()).isEqualTo("window");
        assertThat(config.agents()).containsExactly(new ServerConfig.AgentSpec("clusternode",
                java.util.List.of("calculator", "datetime")));
        assertThat(config.mcpEndpoint()).isTrue();
        assertThat(ServerConfig.resolve(Map.of(ServerConfig.MCP_ENDPOINT, "false"), Settings.empty()).mcpEndpoint())
                .isFalse();
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheFile() {
        Settings file = Settings.of(Map.of(ServerConfig.PORT, "9001", ServerConfig.MAX_CONCURRENT_RUNS, "5",
                ServerConfig.MODEL, "simulated:file"));
        Settings fileAndEnv = file.overriddenBy(Map.of(ServerConfig.PORT, "9002", ServerConfig.MODEL, "simulated:env"));
        ServerConfig config = ServerConfig.resolve(Map.of(ServerConfig.PORT, "9003"), fileAndEnv);
        assertThat(config.port()).isEqualTo(9003);
        assertThat(config.model()).isEqualTo("simulated:env");
        assertThat(config.maxConcurrentRuns()).isEqualTo(5);
        java.util.HashMap<String, String> flags = new java.util.HashMap<>();
        flags.put(ServerConfig.PORT, null);
        assertThat(ServerConfig.resolve(flags, fileAndEnv).port()).isEqualTo(9002);
    }

    @Test
    void agentsAndKeysAreParsed() {
        ServerConfig config = ServerConfig.resolve(Map.of(ServerConfig.AGENTS, "a=calculator; b=",
                ServerConfig.API_KEYS, "k1, k2"), Settings.empty());
        assertThat(config.agents()).extracting(ServerConfig.AgentSpec::name).containsExactly("a", "b");
        assertThat(config.agents().get(1).tools()).isEmpty();
        assertThat(config.apiKeys()).containsExactlyInAnyOrder("k1", "k2");
        assertThat(config.toString()).doesNotContain("k1").contains("2 key(s)");
    }

    @Test
    void invalidValuesAreDescribedNeverEchoed() {
        expectInvalid(Map.of(ServerConfig.PORT, "sk-secret"), "CLUSTERNODE_PORT must be a port number");
        expectInvalid(Map.of(ServerConfig.PORT, "70000"), "port must be between");
        expectInvalid(Map.of(ServerConfig.MAX_CONCURRENT_RUNS, "0"), "at least 1");
        expectInvalid(Map.of(ServerConfig.AUTH_METRICS, "sk-secret"), "must be true or false");
        expectInvalid(Map.of(ServerConfig.MCP_ENDPOINT, "sk-secret"), "CLUSTERNODE_MCP_ENDPOINT must be true or false");
        expectInvalid(Map.of(ServerConfig.AGENTS, "a=shell"), "unknown tool");
        expectInvalid(Map.of(ServerConfig.AGENTS, "a;a"), "two agents are named 'a'");
        expectInvalid(Map.of(ServerConfig.AGENTS, "bad name!"), "agent name");
        expectInvalid(Map.of(ServerConfig.API_KEY_FILE, "/nonexistent/keys.txt"), "cannot read the API key file");
    }

    private static void expectInvalid(Map<String, String> flags, String message) {
        assertThatThrownBy(() -> ServerConfig.resolve(flags, Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains(message).doesNotContain("sk-secret");
                });
    }
}
