package io.clusternode.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.LlmProviderFactory;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    @Test
    void simulatedModelNeedsNoConfiguration() {
        LlmProvider model = Providers.model("simulated", Settings.empty());
        assertThat(model).isInstanceOf(SimulatedLlmProvider.class);
        assertThat(model.call(List.of(Message.user("hi")), LlmConfig.defaults()).content()).contains("hi");
        assertThat(Providers.model("simulated:simulated", Settings.empty())).isInstanceOf(SimulatedLlmProvider.class);
        assertThat(Providers.model("simulated:", Settings.empty())).isInstanceOf(SimulatedLlmProvider.class);
    }

    @Test
    void aSimulatedModelNameIsRejectedNotSilentlyIgnored() {
        assertThatThrownBy(() -> Providers.model("simulated:xyz", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("no variants");
    }

    @Test
    void simulatedLatencyComesFromSettings() {
        LlmProvider model = Providers.model("simulated", Settings.of(Map.of("SIMULATED_LATENCY_MS", "25")));
        assertThat(((SimulatedLlmProvider) model).latency()).isEqualTo(Duration.ofMillis(25));
        for (String bad : List.of("abc", "-5")) {
            assertThatThrownBy(() -> Providers.model("simulated", Settings.of(Map.of("SIMULATED_LATENCY_MS", bad))))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessage("SIMULATED_LATENCY_MS must be a whole number of milliseconds, zero or more");
        }
    }

    @Test
    void unknownModelProviderListsKnownOnes() {
        assertThatThrownBy(() -> Providers.model("nope:x", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_NODE))
                .hasMessageContaining("'nope'").hasMessageContaining("simulated");
        assertThat(Providers.modelProviders()).startsWith("simulated");
        assertThat(Providers.modelProviderDescriptions()).isNotEmpty();
    }

    @Test
    void aProviderOfAModuleNotOnTheClassPathNamesTheModule() {
        // core's own tests run without clusternode-openai
        assertThatThrownBy(() -> Providers.model("deepseek:deepseek-chat", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_NODE))
                .hasMessageContaining("clusternode-openai module");
        assertThatThrownBy(() -> Providers.memory("redis://127.0.0.1:6379", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_NODE))
                .hasMessageContaining("clusternode-memory-redis module");
    }

    @Test
    void emptyModelIsInvalidInput() {
        assertThatThrownBy(() -> Providers.model(" ", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void windowMemory() {
        try (MemoryProvider memory = Providers.memory("window", Settings.empty())) {
            assertThat(memory).isInstanceOf(WindowMemory.class);
            memory.store("s", List.of(Message.user("x")));
            assertThat(memory.retrieve("s", 1)).hasSize(1);
        }
        try (MemoryProvider memory = Providers.memory("window?max=2",
                Settings.of(java.util.Map.of("MEMORY_TTL_SECONDS", "0")))) {
            assertThat(((WindowMemory) memory).maxMessages()).isEqualTo(2);
        }
    }

    @Test
    void emptyOrBlankMemoryIsAnError() {
        for (String blank : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> Providers.memory(blank, Settings.empty()))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("must not be empty");
        }
    }

    @Test
    void duplicateOrUnknownMemoryParametersAreErrors() {
        assertThatThrownBy(() -> Providers.memory("window?max=1&max=2", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("'max' twice");
        assertThatThrownBy(() -> Providers.memory("window?max=ten", Settings.empty()))
                .hasMessage("memory parameter 'max' must be a whole number");
        assertThatThrownBy(() -> Providers.memory("window", Settings.of(java.util.Map.of("MEMORY_MAX_MESSAGES",
                "sk-secret")))).hasMessage("MEMORY_MAX_MESSAGES must be a whole number");
        assertThatThrownBy(() -> Providers.memory("window?token=sk-secret", Settings.empty()))
                .hasMessageContaining("unknown parameter(s) token").hasMessageNotContaining("sk-secret");
    }

    @Test
    void unknownMemoryListsKnownOnes() {
        assertThatThrownBy(() -> Providers.memory("mongodb://x", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_NODE))
                .hasMessageContaining("mongodb://x").hasMessageContaining("window");
        assertThatThrownBy(() -> Providers.memory("mongodb://u:pw-SECRET@x", Settings.empty()))
                .hasMessageContaining("mongodb://u:***@x").hasMessageNotContaining("pw-SECRET");
    }
}
