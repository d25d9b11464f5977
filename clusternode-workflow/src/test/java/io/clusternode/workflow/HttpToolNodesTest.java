package io.clusternode.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.testing.FakeApi;
import io.clusternode.workflow.testing.FakeApi.Received;
import io.clusternode.workflow.testing.FakeOpenAi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP request tool nodes ({@code toolHttpRequest} v1.1 with placeholders, {@code httpRequestTool} v4 with
 * {@code $fromAI}) in workflows of this project's own, against an API on loopback, with credentials from a
 * credentials file.
 */
class HttpToolNodesTest {

    private static final String HEADER_SECRET = "hdr-secret-4711";
    private static final String BEARER_SECRET = "bearer-secret-0815";
    private static final String BASIC_SECRET = "basic-secret-1234";

    private FakeApi api;

    @BeforeEach
    void startApi() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private Workflow fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/workflows/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("__PORT__", String.valueOf(api.port()));
            return Workflow.parse(text, name);
        }
    }

    private static Credentials credentials(FakeOpenAi model) {
        return Credentials.parse("""
                {"openAiApi": {"apiKey": "k", "url": "%s"},
                 "httpHeaderAuth": {"name": "X-Api-Key", "value": "%s"},
                 "httpBearerAuth": {"token": "%s"},
                 "httpBasicAuth": {"user": "ann", "password": "%s"}}""".formatted(model.baseUrl(), HEADER_SECRET,
                BEARER_SECRET, BASIC_SECRET), false, "test");
    }

    private static WorkflowRunner.Options allowLoopback() {
        return WorkflowRunner.Options.defaults().withSettings(Settings.of(Map.of("CLUSTERNODE_HTTP_ALLOW", "127.0.0.1")));
    }

    /** Records every step a listener sees, as {@code --verbose} prints them. */
    private static final class Steps implements RunListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void step(NodeSpec node, String description, long nanos) {
            lines.add(node.name() + ": " + description);
        }
    }

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(HEADER_SECRET).doesNotContain(BEARER_SECRET).doesNotContain(BASIC_SECRET)
                .doesNotContain(Base64.getEncoder().encodeToString(("ann:" + BASIC_SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode tool(JsonNode request, String name) {
        for (JsonNode tool : request.path("tools")) {
            if (tool.path("function").path("name").asText().equals(name)) {
                return tool.path("function");
            }
        }
        throw new AssertionError("the model was not offered tool " + name + ": " + request.path("tools"));
    }

    /** The content of the tool messages the model received in a request. */
    private static List<String> toolResults(JsonNode request) {
        List<String> out = new ArrayList<>();
        for (JsonNode message : request.path("messages")) {
            if (message.path("role").asText().equals("tool")) {
                out.add(message.path("content").asText());
            }
        }
        return out;
    }

    @Test
    void placeholdersAreFilledByTheModelAndCredentialsGoOnlyIntoTheRequest() throws Exception {
        try (FakeOpenAi model = new FakeOpenAi()) {
            model.reply(FakeOpenAi.toolCall("c1", "Weather_Forecast", "{\"city\": \"Rio de Janeiro\", \"days\": 2}"))
                    .reply(FakeOpenAi.toolCall("c2", "Order_Product", "{\"product\": \"pizza \\\"large\\\"\", \"quantity\": 2}"))
                    .reply(FakeOpenAi.completion("Sunny; ordered."));
            Steps steps = new Steps();
            RunResult result;
            try (WorkflowRunner runner = fixture("http-tool-placeholders.json").bind(credentials(model), allowLoopback())) {
                result = runner.run(RunRequest.chat("Weather in Rio?", "s1"), steps);
            }
            assertThat(result.items().get(0).json().path("output").asText()).isEqualTo("Sunny; ordered.");

            assertThat(api.received()).hasSize(2);
            Received weather = api.received().get(0);
            assertThat(weather.method()).isEqualTo("GET");
            assertThat(weather.path()).isEqualTo("/weather/Rio%20de%20Janeiro");
            assertThat(weather.query()).isEqualTo("units=metric&days=2");
            assertThat(weather.header("X-Api-Key")).isEqualTo(HEADER_SECRET);
            assertThat(weather.header("X-Asked")).isEqualTo("Weather in Rio?");
            Received order = api.received().get(1);
            assertThat(order.method()).isEqualTo("POST");
            assertThat(order.path()).isEqualTo("/orders");
            assertThat(order.header("Authorization")).isEqualTo("Bearer " + BEARER_SECRET);
            assertThat(order.header("X-Api-Key")).isNull();
            assertThat(Json.parse(order.body(), "body")).isEqualTo(Json.parse(
                    "{\"message\": \"Weather in Rio?\", \"product\": \"pizza \\\"large\\\"\", \"quantity\": 2}", "x"));

            // what the model was offered: the placeholders, typed and described; nothing ClusterNode computes itself
            JsonNode first = model.requests().get(0);
            JsonNode weatherTool = tool(first, "Weather_Forecast");
            assertThat(weatherTool.path("description").asText()).isEqualTo("Get the weather forecast for a city.");
            assertThat(weatherTool.at("/parameters/properties/city/description").asText()).isEqualTo("The city, in English");
            assertThat(weatherTool.at("/parameters/properties/days/type").asText()).isEqualTo("number");
            assertThat(weatherTool.at("/parameters/required").toString()).isEqualTo("[\"city\"]");
            JsonNode orderTool = tool(first, "Order_Product");
            assertThat(orderTool.at("/parameters/properties").size()).isEqualTo(2);
            assertThat(orderTool.at("/parameters/properties/quantity/type").asText()).isEqualTo("number");
            assertThat(orderTool.at("/parameters/required").toString()).isEqualTo("[\"product\",\"quantity\"]");
            assertThat(first.path("tools").toString()).doesNotContain("__cn");

            // the responses reached the model as the tool results, as sent (optimizeResponse is off by default)
            JsonNode last = model.requests().get(2);
            assertThat(toolResults(last)).containsExactly("{\"path\": \"/weather/Rio de Janeiro\", \"forecast\": \"sunny\"}",
                    "{\"path\": \"/orders\", \"forecast\": \"sunny\"}");

            for (JsonNode request : model.requests()) {
                assertNoSecret(request.toString());
            }
            assertNoSecret(result.toJson().toString());
            assertThat(steps.lines).isNotEmpty();
            assertNoSecret(String.join("\n", steps.lines));
        }
    }

    @Test
    void withoutTheAllowListTheModelIsToldLoopbackIsRefusedAndTheRunCompletes() throws Exception {
        try (FakeOpenAi model = new FakeOpenAi()) {
            model.reply(FakeOpenAi.toolCall("c1", "Weather_Forecast", "{\"city\": \"Oslo\"}"))
                    .reply(FakeOpenAi.completion("I could not reach the weather service."));
            RunResult result;
            try (WorkflowRunner runner = fixture("http-tool-placeholders.json").bind(credentials(model),
                    WorkflowRunner.Options.defaults().withSettings(Settings.empty()))) {
                result = runner.run(RunRequest.chat("Weather in Oslo?", "s1"));
            }
            assertThat(result.items().get(0).json().path("output").asText()).isEqualTo("I could not reach the weather service.");
            assertThat(api.received()).isEmpty();
            List<String> results = toolResults(model.requests().get(1));
            assertThat(results).hasSize(1);
            assertThat(results.get(0)).startsWith("Error: ").contains("refused").contains("loopback address")
                    .contains("allow-listed").contains("CLUSTERNODE_HTTP_ALLOW");
            assertNoSecret(results.get(0));
        }
    }

    @Test
    void httpRequestToolValuesComeFromFromAiAndExpressions() throws Exception {
        try (FakeOpenAi model = new FakeOpenAi()) {
            model.reply(FakeOpenAi.toolCall("c1", "Create_Task", "{\"startIndex\": \"3\", \"title\": \"Buy milk\"}"))
                    .reply(FakeOpenAi.completion("Created."));
            Steps steps = new Steps();
            RunResult result;
            try (WorkflowRunner runner = fixture("http-request-tool-fromai.json").bind(credentials(model), allowLoopback())) {
                result = runner.run(RunRequest.chat("Add a task to buy milk", "s1"), steps);
            }
            assertThat(result.items().get(0).json().path("output").asText()).isEqualTo("Created.");
            assertThat(api.received()).hasSize(1);
            Received create = api.received().get(0);
            assertThat(create.method()).isEqualTo("POST");
            assertThat(create.path()).isEqualTo("/api/tasks");
            // parseInt($fromAI(...)) || 1 ran as JavaScript; a plain value with braces is sent as written
            assertThat(create.query()).isEqualTo("startIndex=3&tag={literal}");
            assertThat(create.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString(("ann:" + BASIC_SECRET).getBytes(StandardCharsets.UTF_8)));
            assertThat(Json.parse(create.body(), "body")).isEqualTo(Json.parse(
                    "{\"title\": \"Buy milk\", \"estimatedHours\": 1, \"requestedBy\": \"Add a task to buy milk\"}", "x"));

            // optimizeResponse: the JSON response reaches the model compacted
            assertThat(toolResults(model.requests().get(1))).containsExactly("{\"path\":\"/api/tasks\",\"forecast\":\"sunny\"}");
            JsonNode offered = tool(model.requests().get(0), "Create_Task");
            assertThat(offered.path("description").asText()).isEqualTo("Creates a new task.");
            assertThat(offered.at("/parameters/properties").size()).isEqualTo(3);
            assertThat(offered.at("/parameters/properties/hours/type").asText()).isEqualTo("number");
            assertThat(offered.at("/parameters/properties/title/description").asText()).isEqualTo("Short task title");
            assertThat(offered.at("/parameters/required").toString()).isEqualTo("[\"startIndex\",\"title\"]");
            for (JsonNode request : model.requests()) {
                assertNoSecret(request.toString());
            }
            assertNoSecret(String.join("\n", steps.lines));
        }
    }

    @Test
    void aMissingCredentialIsNamedAtBindTimeWithoutValues() throws Exception {
        try (FakeOpenAi model = new FakeOpenAi()) {
            Credentials onlyModel = Credentials.parse("{\"openAiApi\": {\"apiKey\": \"k\", \"url\": \"" + model.baseUrl()
                    + "\"}, \"httpHeaderAuth\": {\"name\": \"X-Api-Key\", \"value\": \"" + HEADER_SECRET + "\"}}",
                    false, "test");
            assertThatThrownBy(() -> fixture("http-tool-placeholders.json").bind(onlyModel, allowLoopback()))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MISSING_CREDENTIAL);
                        assertThat(e.getMessage()).contains("Order Product").contains("httpBearerAuth");
                        assertNoSecret(e.getMessage());
                    });
        }
    }

    @Test
    void unsupportedAuthenticationIsRefusedAtLoadTime() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/workflows/http-request-tool-fromai.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String predefined = text.replace("\"authentication\": \"genericCredentialType\"",
                "\"authentication\": \"predefinedCredentialType\", \"nodeCredentialType\": \"githubApi\"");
        assertThatThrownBy(() -> Workflow.parse(predefined, "x.json")).isInstanceOfSatisfying(WorkflowLoadException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_NODE);
                    assertThat(e.getMessage()).contains("Create Task").contains("predefined credential type 'githubApi'");
                });
        String digest = text.replace("\"httpBasicAuth\"", "\"httpDigestAuth\"");
        assertThatThrownBy(() -> Workflow.parse(digest, "x.json")).isInstanceOfSatisfying(WorkflowLoadException.class,
                e -> assertThat(e.getMessage()).contains("generic credential type 'httpDigestAuth' is not supported"));
        String form = text.replace("\"sendBody\": true,", "\"sendBody\": true, \"contentType\": \"multipart-form-data\",");
        assertThatThrownBy(() -> Workflow.parse(form, "x.json")).isInstanceOfSatisfying(WorkflowLoadException.class,
                e -> assertThat(e.getMessage()).contains("contentType 'multipart-form-data'"));
    }
}
