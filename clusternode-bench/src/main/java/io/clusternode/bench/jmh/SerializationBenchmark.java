package io.clusternode.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.model.Usage;
import io.clusternode.core.tool.CalculatorTool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the wire format of an OpenAI-style chat completion with the shared {@link Json} mapper: writing
 * a request of 20 history messages and one tool, and reading a response with a tool call back into an
 * {@link LlmResponse}. It shows what serialisation adds to a remote model call, independent of the HTTP client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializationBenchmark {

    private static final String RESPONSE = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"deepseek-chat",
             "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"",
               "tool_calls":[{"id":"call_1","type":"function","function":{"name":"calculator",
               "arguments":"{\\"expression\\":\\"12 * 7\\"}"}}]}}],
             "usage":{"prompt_tokens":120,"completion_tokens":18,"total_tokens":138}}""";

    private List<Message> messages;
    private List<ToolDefinition> tools;

    @Setup
    public void setUp() {
        messages = new ArrayList<>();
        messages.add(Message.system("You are a helpful assistant."));
        for (int i = 0; i < 10; i++) {
            messages.add(Message.user("Question number " + i + ": what is " + i + " * 7?"));
            messages.add(Message.assistant("The result is " + (i * 7) + "."));
        }
        messages.add(Message.user("What is 12 * 7?"));
        tools = List.of(new CalculatorTool().toolDefinition());
    }

    @Benchmark
    public String serialiseRequest() {
        ObjectNode body = Json.object();
        body.put("model", "deepseek-chat");
        ArrayNode wire = body.putArray("messages");
        for (Message message : messages) {
            ObjectNode m = wire.addObject();
            m.put("role", message.role().wireName());
            m.put("content", message.content());
            if (message.hasToolCalls()) {
                ArrayNode calls = m.putArray("tool_calls");
                for (ToolCall call : message.toolCalls()) {
                    ObjectNode c = calls.addObject();
                    c.put("id", call.id());
                    c.put("type", "function");
                    c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
            if (message.toolCallId() != null) {
                m.put("tool_call_id", message.toolCallId());
            }
        }
        ArrayNode wireTools = body.putArray("tools");
        for (ToolDefinition tool : tools) {
            ObjectNode function = wireTools.addObject().put("type", "function").putObject("function");
            function.put("name", tool.name()).put("description", tool.description());
            function.set("parameters", tool.parameters());
        }
        return Json.write(body);
    }

    @Benchmark
    public LlmResponse parseResponse() {
        JsonNode root = Json.parse(RESPONSE, "the model's response");
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            calls.add(new ToolCall(call.path("id").asText(), call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText()));
        }
        JsonNode usage = root.path("usage");
        return new LlmResponse(message.path("content").asText(""), null, calls, choice.path("finish_reason").asText(),
                Usage.of(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong()),
                root.path("model").asText());
    }
}
