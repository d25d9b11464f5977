package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.spi.Settings;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionsAndMetricsTest {

    private static ClusterNodeServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = ClusterNodeServer.start(ServerConfig.resolve(Map.of(ServerConfig.PORT, "0"), Settings.empty()),
                Settings.empty());
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sessionsCanBeListedReadAndDeleted() {
        String session = "api-" + System.nanoTime();
        http.post("/v1/chat/completions", Http.chat("clusternode", "What is 3 * 3?"), "X-Session-Id", session);

        JsonNode list = http.get("/api/sessions").json();
        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data").findValuesAsText("id")).contains(session);

        JsonNode one = http.get("/api/sessions/" + session).json();
        assertThat(one.path("id").asText()).isEqualTo(session);
        assertThat(one.path("message_count").asInt()).isEqualTo(4);
        assertThat(one.path("messages").findValuesAsText("role")).containsExactly("user", "assistant", "tool", "assistant");
        assertThat(one.path("messages").get(1).path("tool_calls").get(0).path("function").path("name").asText())
                .isEqualTo("calculator");
        assertThat(one.path("messages").get(2).path("tool_call_id").asText()).isNotBlank();
        assertThat(one.path("messages").get(3).path("content").asText()).isEqualTo("The result is 9.");

        JsonNode deleted = http.delete("/api/sessions/" + session).json();
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
        assertThat(http.get("/api/sessions/" + session).status()).isEqualTo(404);
        Http.Answer again = http.delete("/api/sessions/" + session);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().path("error").path("code").asText()).isEqualTo("session_not_found");
    }

    @Test
    void metricsCoverRequestsRunsModelToolsMemoryAndTheJvm() {
        http.post("/v1/chat/completions", Http.chat("clusternode", "What is 5 + 5?"), "X-Session-Id", "metrics-" + System.nanoTime());
        http.post("/v1/chat/completions", Http.chat("nope", "hi"));
        Http.Answer answer = http.get("/metrics");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/plain");
        String metrics = answer.body();
        assertThat(metrics)
                .contains("clusternode_http_server_requests_seconds_count{method=\"POST\",route=\"/v1/chat/completions\",status=\"200\"}")
                .contains("clusternode_http_server_requests_seconds_count{method=\"POST\",route=\"/v1/chat/completions\",status=\"404\"}")
                .contains("clusternode_http_server_requests_seconds_bucket{")
                .contains("clusternode_agent_runs_seconds_count{agent=\"clusternode\",outcome=\"success\"}")
                .contains("clusternode_agent_runs_seconds_bucket{agent=\"clusternode\",outcome=\"success\",le=\"+Inf\"}")
                .contains("clusternode_model_calls_seconds_count{model=\"simulated\",outcome=\"success\"}")
                .contains("clusternode_model_tokens_total{model=\"simulated\",type=\"prompt\"}")
                .contains("clusternode_model_tokens_total{model=\"simulated\",type=\"completion\"}")
                .contains("clusternode_tool_calls_seconds_count{outcome=\"success\",tool=\"calculator\"}")
                .contains("clusternode_memory_operations_seconds_count{backend=\"memory_buffer_window\",operation=\"store\",outcome=\"success\"}")
                .contains("clusternode_memory_operations_seconds_count{backend=\"memory_buffer_window\",operation=\"retrieve\",outcome=\"success\"}")
                .contains("clusternode_memory_up{backend=\"memory_buffer_window\"} 1.0")
                .contains("clusternode_agent_runs_in_flight 0.0")
                .contains("clusternode_agent_runs_capacity 64.0")
                .contains("jvm_memory_used_bytes")
                .contains("jvm_threads_live_threads");
    }

    @Test
    void healthSaysLiveAndReadyWithTheMemoryCheck() {
        assertThat(http.get("/health/live").json().path("status").asText()).isEqualTo("UP");
        JsonNode ready = http.get("/health/ready").json();
        assertThat(ready.path("status").asText()).isEqualTo("UP");
        assertThat(ready.path("checks").path("memory").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void thePlaygroundIsServed() {
        Http.Answer page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"/playground/app.js\">");
        assertThat(http.get("/playground/app.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(http.get("/playground/style.css").status()).isEqualTo(200);
        assertThat(http.get("/playground/missing.js").status()).isEqualTo(404);
        Http.Answer nowhere = http.get("/nothing/here");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.json().path("error").path("code").asText()).isEqualTo("not_found");
    }
}
