package io.clusternode.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.testing.ScriptedModel;
import io.clusternode.core.tool.CalculatorTool;
import io.clusternode.core.tool.DateTimeTool;
import io.clusternode.core.tool.P;
import io.clusternode.core.tool.Tool;
import io.clusternode.core.tool.Tools;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tool that misbehaves costs the run one clear message to the model, and the turn is still stored whole:
 * the user message, the call, the error as the tool's result and the model's answer.
 */
class AgentToolFailureTest {

    private static final String SESSION = "tool-failures";

    private final WindowMemory memory = WindowMemory.builder().ttl(Duration.ZERO).build();
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final AtomicReference<Thread> toolThread = new AtomicReference<>();

    @AfterEach
    void closeMemory() {
        memory.close();
    }

    /** The misbehaving tools, one per kind of failure. */
    final class Misbehaving {
        @Tool("throws")
        @SuppressWarnings("DoNotCallSuggester") // a tool that fails on purpose
        String explode() {
            throw new IllegalArgumentException("the disk is on fire");
        }

        @Tool("returns null")
        String nothing() {
            return null;
        }

        @Tool("returns 10 MB")
        String flood() {
            return "x".repeat(10 * 1024 * 1024);
        }

        @Tool("never returns")
        String hang() {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "too late";
        }

        @Tool("counts")
        String count(@P("how many") int times) {
            toolThread.set(Thread.currentThread());
            return "counted " + times;
        }
    }

    /** Runs one call of the tool with the given arguments; the model answers with what the tool gave back. */
    private AgentResponse run(String tool, String arguments, AiAgent.Builder builder) {
        memory.clear(SESSION);
        ScriptedModel model = new ScriptedModel("m", (messages, cfg) -> {
            Message last = messages.get(messages.size() - 1);
            return last.role() == Role.USER
                    ? new LlmResponse("", null, List.of(new ToolCall("c1", tool, arguments)), "tool_calls",
                            Usage.of(1, 1), "m")
                    : new LlmResponse("saw: " + last.content(), null, List.of(), "stop", Usage.of(1, 1), "m");
        });
        AiAgent agent = builder.model(model).memory(memory).tools(Tools.from(new Misbehaving())).build();
        AgentResponse response = agent.execute(List.of(Message.user("go")), AgentConfig.defaults().withSessionId(SESSION));
        List<Message> stored = memory.retrieve(SESSION, 100);
        assertThat(stored).extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(stored.get(3).content()).isEqualTo(response.content());
        return response;
    }

    @Test
    void aThrowingToolGivesTheModelTheErrorAndTheTurnIsStored() {
        assertThat(run("explode", "{}", AiAgent.builder()).content())
                .startsWith("saw: Error: tool 'explode' failed: ")
                .endsWith("IllegalArgumentException: the disk is on fire");
    }

    @Test
    void aNullResultIsSaidSo() {
        assertThat(run("nothing", "{}", AiAgent.builder()).content())
                .isEqualTo("saw: The tool 'nothing' returned no result.");
    }

    @Test
    void aHugeResultIsCutToTheLimitWithANote() {
        String content = run("flood", "{}", AiAgent.builder()).content();
        String limit = String.valueOf(AiAgent.DEFAULT_MAX_TOOL_RESULT_CHARS);
        assertThat(content).hasSizeLessThan(AiAgent.DEFAULT_MAX_TOOL_RESULT_CHARS + 200)
                .endsWith("[truncated: the tool returned 10485760 characters; only the first " + limit + " are shown]");
        assertThat(memory.retrieve(SESSION, 100).get(2).content()).hasSizeLessThan(AiAgent.DEFAULT_MAX_TOOL_RESULT_CHARS + 200);
        assertThat(run("flood", "{}", AiAgent.builder().maxToolResultChars(10)).content())
                .startsWith("saw: xxxxxxxxxx\n[truncated: ");
    }

    @Test
    void aToolThatNeverReturnsTimesOutAndIsInterrupted() throws InterruptedException {
        assertThat(run("hang", "{}", AiAgent.builder().toolTimeout(Duration.ofMillis(200))).content())
                .isEqualTo("saw: Error: tool 'hang' did not return within 200 ms and was stopped");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void argumentsThatFailTheSchemaAreDescribedToTheModel() {
        assertThat(run("count", "{\"times\":\"three\",\"extra\":1}", AiAgent.builder()).content())
                .startsWith("saw: Error: invalid arguments for tool 'count': ")
                .contains("argument 'times' must be an integer, was a string")
                .contains("argument 'extra' is not allowed");
        assertThat(toolThread.get()).isNull();
    }

    @Test
    void aToolRunsOnItsOwnThreadUnlessTheTimeoutIsOff() {
        run("count", "{\"times\":2}", AiAgent.builder());
        assertThat(toolThread.get()).isNotSameAs(Thread.currentThread());
        assertThat(run("count", "{\"times\":3}", AiAgent.builder().toolTimeout(Duration.ZERO)).content())
                .isEqualTo("saw: counted 3");
        assertThat(toolThread.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void aToolThatReturnsPromptlyRunsOnTheCallingThread() {
        AtomicReference<Thread> calculatorThread = new AtomicReference<>();
        CalculatorTool calculator = new CalculatorTool();
        ToolProvider watched = new ToolProvider() {
            @Override
            public ToolDefinition toolDefinition() {
                return calculator.toolDefinition();
            }

            @Override
            public boolean returnsPromptly() {
                return calculator.returnsPromptly();
            }

            @Override
            public String execute(JsonNode arguments) {
                calculatorThread.set(Thread.currentThread());
                return calculator.execute(arguments);
            }
        };
        memory.clear(SESSION);
        ScriptedModel model = new ScriptedModel("m", (messages, cfg) -> {
            Message last = messages.get(messages.size() - 1);
            return last.role() == Role.USER
                    ? new LlmResponse("", null, List.of(new ToolCall("c1", "calculator",
                            "{\"expression\":\"6*7\"}")), "tool_calls", Usage.of(1, 1), "m")
                    : new LlmResponse("saw: " + last.content(), null, List.of(), "stop", Usage.of(1, 1), "m");
        });
        AiAgent agent = AiAgent.builder().model(model).memory(memory).tool(watched).build();
        assertThat(agent.execute(List.of(Message.user("go")), AgentConfig.defaults().withSessionId(SESSION))
                .content()).isEqualTo("saw: 42");
        assertThat(calculatorThread.get()).isSameAs(Thread.currentThread());
        assertThat(new DateTimeTool().returnsPromptly()).isTrue();
    }

    @Test
    void limitsMustBeSensible() {
        assertThatThrownBy(() -> AiAgent.builder().toolTimeout(Duration.ofSeconds(-1)))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> AiAgent.builder().maxToolResultChars(0))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}
