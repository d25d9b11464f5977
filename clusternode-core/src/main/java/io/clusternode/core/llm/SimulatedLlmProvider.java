package io.clusternode.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.tool.DateTimeTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic chat model that needs no network: the embedded default and the model every benchmark
 * uses. Its behaviour, looking at the last message:
 * <ul>
 *   <li>tool results: it answers with them, "The result is X." for one, "The results are: ..." for several
 *       (a calculator result shown after its expression);</li>
 *   <li>a user message, while tools are offered (and {@code toolChoice} is not {@code none}), asks for tool
 *       calls, all in one reply, in this order:
 *       <ul>
 *         <li>every offered tool other than the calculator whose name the message contains as a word ("use
 *             get_weather for Paris"), with arguments built from the tool's schema: each property given as
 *             {@code name=value} in the message takes that value; each other <em>required</em> property
 *             gets a string from the message (the text after the tool's name, without a leading "for",
 *             "with", "in", "on", "about" or "to"; an enum's value named in the message, else its first),
 *             a number from that text (else its minimum, else 1), {@code true}, or an empty array or
 *             object;</li>
 *         <li>the {@value DateTimeTool#NAME} tool when the message says "time", "date" or "today" (with a
 *             {@code timezone} when the message names one such as {@code Europe/Paris});</li>
 *         <li>the {@value #CALCULATOR} tool once per arithmetic expression in the message ("What is 2 + 3
 *             and 4 * 5?" asks for two calls);</li>
 *       </ul></li>
 *   <li>anything else: a short reply that quotes the message and says how many earlier conversation
 *       messages (not counting system messages) it received, so memory is observable.</li>
 * </ul>
 * Tool-call ids are derived from the whole conversation the model is given (a hash), so they are the same
 * for the same conversation and differ between the turns of a session whenever the model sees its earlier
 * turns; a run that loads no history cannot tell its session's earlier ids from its own.
 * Token usage is estimated as one token per 4 characters of content (rounded up) plus 4 per message,
 * for the prompt and for the reply alike.
 *
 * @param latency time each call sleeps before answering, to stand in for a remote model (zero by default);
 *                a call with less time left before its {@link CallDeadline} fails with {@code TIMEOUT}
 */
public record SimulatedLlmProvider(Duration latency) implements LlmProvider {

    public static final String KIND = "simulated";
    public static final String CALCULATOR = "calculator";

    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.LANGUAGE_MODEL,
            "Simulated Chat Model", 1, null);
    private static final String[] TIME_WORDS = {"time", "date", "today"};
    private static final String[] CONNECTORS = {"for", "with", "in", "on", "about", "to"};

    /**
     * @throws NodeExecutionException with {@code INVALID_INPUT} when {@code latency} is null or negative
     */
    public SimulatedLlmProvider {
        if (latency == null || latency.isNegative()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "latency must be zero or positive");
        }
    }

    public SimulatedLlmProvider() {
        this(Duration.ZERO);
    }

    @Override
    public NodeDefinition definition() {
        return DEFINITION;
    }

    @Override
    public String defaultModel() {
        return KIND;
    }

    @Override
    public LlmResponse call(List<Message> messages, LlmConfig config) {
        if (messages.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "a model call needs at least one message");
        }
        pause();
        String model = config.model() == null ? KIND : config.model();
        Message last = messages.get(messages.size() - 1);
        long promptTokens = estimatePromptTokens(messages);
        if (last.role() == Role.TOOL) {
            return answer(fromToolResults(messages), promptTokens, model);
        }
        if (last.role() == Role.USER && !config.tools().isEmpty() && !"none".equals(config.toolChoice())) {
            List<ToolCall> calls = toolCalls(last.content(), config.tools(), messages);
            if (!calls.isEmpty()) {
                long completion = 4;
                for (ToolCall call : calls) {
                    completion += tokens(call.arguments()) + tokens(call.name());
                }
                return new LlmResponse("", null, calls, "tool_calls", Usage.of(promptTokens, completion), model);
            }
        }
        int earlier = 0;
        for (int i = 0; i < messages.size() - 1; i++) {
            if (messages.get(i).role() != Role.SYSTEM) {
                earlier++;
            }
        }
        String reply = "Simulated reply to \"" + abbreviate(last.content()) + "\" (I received " + earlier
                + (earlier == 1 ? " earlier conversation message)." : " earlier conversation messages).");
        return answer(reply, promptTokens, model);
    }

    private void pause() {
        if (latency.isZero()) {
            return;
        }
        long remaining = CallDeadline.remainingNanos();
        try {
            if (remaining < latency.toNanos()) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, remaining));
                throw new NodeExecutionException(ErrorCode.TIMEOUT, "the simulated model's latency of "
                        + latency.toMillis() + " ms went past the caller's deadline");
            }
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the model call was interrupted");
        }
    }

    private static LlmResponse answer(String text, long promptTokens, String model) {
        return new LlmResponse(text, null, List.of(), "stop", Usage.of(promptTokens, 4 + tokens(text)), model);
    }

    /** The tool calls {@code text} asks for, in the order the class comment gives; empty for none. */
    private static List<ToolCall> toolCalls(String text, List<ToolDefinition> tools, List<Message> messages) {
        List<String[]> planned = new ArrayList<>(2);
        boolean calculator = false;
        for (ToolDefinition tool : tools) {
            String name = tool.name();
            if (CALCULATOR.equals(name)) {
                calculator = true;
                continue;
            }
            int at = wordAt(text, name);
            if (at >= 0) {
                planned.add(new String[] {name, namedToolArguments(tool, text, at + name.length())});
            } else if (DateTimeTool.NAME.equals(name) && asksForTime(text)) {
                String zone = timeZoneIn(text);
                planned.add(new String[] {name, zone == null ? "{}" : "{\"timezone\":\"" + zone + "\"}"});
            }
        }
        if (calculator) {
            for (String expression : ExpressionFinder.findAll(text)) {
                planned.add(new String[] {CALCULATOR, "{\"expression\":\"" + expression + "\"}"});
            }
        }
        if (planned.isEmpty()) {
            return List.of();
        }
        String idPrefix = "call_" + conversationHash(messages) + "_";
        List<ToolCall> calls = new ArrayList<>(planned.size());
        for (int i = 0; i < planned.size(); i++) {
            calls.add(new ToolCall(idPrefix + (i + 1), planned.get(i)[0], planned.get(i)[1]));
        }
        return calls;
    }

    /**
     * A hash of everything the model was given, as base-36 text. String hash codes are cached in the
     * strings, so this costs a few operations per message, not a pass over every character again.
     */
    private static String conversationHash(List<Message> messages) {
        long h = 1125899906842597L;
        for (int i = 0, n = messages.size(); i < n; i++) {
            Message m = messages.get(i);
            h = 31 * h + m.role().wireName().hashCode();
            h = 31 * h + m.content().hashCode();
            List<ToolCall> calls = m.toolCalls();
            for (int c = 0; c < calls.size(); c++) {
                h = 31 * h + calls.get(c).id().hashCode();
            }
            if (m.toolCallId() != null) {
                h = 31 * h + m.toolCallId().hashCode();
            }
        }
        // Spread the bits (MurmurHash3's finaliser) so that similar conversations get unrelated ids.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        // 63 bits: Long.toUnsignedString would go through BigInteger for half of all values.
        return Long.toString(h & Long.MAX_VALUE, 36);
    }

    /** The answer to the tool results that end the conversation, matched to the calls that asked for them. */
    private static String fromToolResults(List<Message> messages) {
        int first = messages.size() - 1;
        while (first > 0 && messages.get(first - 1).role() == Role.TOOL) {
            first--;
        }
        if (first == messages.size() - 1) {
            return "The result is " + messages.get(first).content() + ".";
        }
        List<ToolCall> asked = first > 0 ? messages.get(first - 1).toolCalls() : List.of();
        StringBuilder text = new StringBuilder("The results are: ");
        for (int i = first; i < messages.size(); i++) {
            Message result = messages.get(i);
            if (i > first) {
                text.append("; ");
            }
            ToolCall call = null;
            for (ToolCall candidate : asked) {
                if (candidate.id().equals(result.toolCallId())) {
                    call = candidate;
                }
            }
            if (call != null && CALCULATOR.equals(call.name())) {
                text.append(Json.parse(call.arguments(), "arguments").path("expression").asText()).append(" = ");
            } else if (call != null) {
                text.append(call.name()).append(": ");
            }
            text.append(result.content());
        }
        return text.append('.').toString();
    }

    /** Arguments for a tool the user named, from its schema (see the class comment). */
    private static String namedToolArguments(ToolDefinition tool, String text, int afterName) {
        JsonNode schema = tool.parameters();
        JsonNode properties = schema.path("properties");
        ObjectNode arguments = Json.object();
        String rest = restAfter(text, afterName);
        properties.fieldNames().forEachRemaining(name -> {
            String given = explicitValue(text, name);
            if (given != null) {
                arguments.set(name, typed(properties.path(name), given, given));
            }
        });
        for (JsonNode required : schema.path("required")) {
            String name = required.asText();
            if (!arguments.has(name)) {
                arguments.set(name, typed(properties.path(name), null, rest.isEmpty() ? text.strip() : rest));
            }
        }
        return arguments.toString();
    }

    /** A value of the property's type: {@code given} when the user gave one, else one drawn from {@code text}. */
    private static JsonNode typed(JsonNode property, @Nullable String given, String text) {
        String type = property.path("type").asText("string");
        JsonNode values = property.path("enum");
        if (values.isArray() && !values.isEmpty()) {
            for (JsonNode value : values) {
                if (wordAt(text, value.asText()) >= 0) {
                    return value;
                }
            }
            return values.get(0);
        }
        return switch (type) {
            case "integer", "number" -> {
                Double number = firstNumber(given != null ? given : text);
                if (number == null) {
                    number = property.has("minimum") ? property.get("minimum").asDouble() : 1.0;
                }
                yield type.equals("integer") ? Json.MAPPER.getNodeFactory().numberNode(Math.round(number))
                        : Json.MAPPER.getNodeFactory().numberNode(number);
            }
            case "boolean" -> Json.MAPPER.getNodeFactory().booleanNode(given == null || !given.equalsIgnoreCase("false"));
            case "array" -> Json.MAPPER.createArrayNode();
            case "object" -> Json.object();
            default -> Json.MAPPER.getNodeFactory().textNode(text);
        };
    }

    /** The value after {@code name=} in the text (quoted or up to the next blank or comma), or null. */
    private static @Nullable String explicitValue(String text, String name) {
        int at = wordAt(text, name);
        while (at >= 0) {
            int eq = at + name.length();
            if (eq < text.length() && text.charAt(eq) == '=') {
                int start = eq + 1;
                if (start < text.length() && text.charAt(start) == '"') {
                    int close = text.indexOf('"', start + 1);
                    return text.substring(start + 1, close < 0 ? text.length() : close);
                }
                int end = start;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != ',') {
                    end++;
                }
                return text.substring(start, end);
            }
            at = wordAt(text, name, at + 1);
        }
        return null;
    }

    /** The text after a tool's name, without a leading connector word and without the sentence's end. */
    private static String restAfter(String text, int from) {
        String rest = text.substring(Math.min(from, text.length())).strip();
        for (String connector : CONNECTORS) {
            if (rest.length() > connector.length() && rest.regionMatches(true, 0, connector, 0, connector.length())
                    && Character.isWhitespace(rest.charAt(connector.length()))) {
                rest = rest.substring(connector.length()).strip();
                break;
            }
        }
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '?' || c == '!' || c == '\n') {
                end = i;
                break;
            }
        }
        rest = rest.substring(0, end).strip();
        while (!rest.isEmpty() && ".,;:\"'".indexOf(rest.charAt(rest.length() - 1)) >= 0) {
            rest = rest.substring(0, rest.length() - 1).strip();
        }
        return rest;
    }

    private static @Nullable Double firstNumber(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                int start = i > 0 && text.charAt(i - 1) == '-' ? i - 1 : i;
                int end = i;
                while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
                    end++;
                }
                try {
                    return Double.parseDouble(text.substring(start, end));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean asksForTime(String text) {
        for (String word : TIME_WORDS) {
            if (wordAt(text, word) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** A time zone named in the text: an IANA name such as {@code Europe/Paris}, or null. */
    private static @Nullable String timeZoneIn(String text) {
        int slash = text.indexOf('/');
        while (slash > 0) {
            int start = slash;
            while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
                start--;
            }
            int end = slash + 1;
            while (end < text.length() && (Character.isLetter(text.charAt(end)) || text.charAt(end) == '_'
                    || text.charAt(end) == '/')) {
                end++;
            }
            if (start < slash && end > slash + 1 && Character.isUpperCase(text.charAt(start))) {
                return text.substring(start, end);
            }
            slash = text.indexOf('/', slash + 1);
        }
        return null;
    }

    /** Where {@code word} occurs in {@code text} as a whole word, ignoring case; -1 if nowhere. */
    static int wordAt(String text, String word) {
        return wordAt(text, word, 0);
    }

    private static int wordAt(String text, String word, int from) {
        int n = word.length();
        if (n == 0) {
            return -1;
        }
        for (int i = from; i + n <= text.length(); i++) {
            if (text.regionMatches(true, i, word, 0, n) && (i == 0 || !isWordChar(text.charAt(i - 1)))
                    && (i + n == text.length() || !isWordChar(text.charAt(i + n)))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static long estimatePromptTokens(List<Message> messages) {
        long total = 0;
        for (int i = 0, n = messages.size(); i < n; i++) {
            Message message = messages.get(i);
            total += 4 + tokens(message.content());
            List<ToolCall> calls = message.toolCalls();
            for (int c = 0; c < calls.size(); c++) {
                total += tokens(calls.get(c).name()) + tokens(calls.get(c).arguments());
            }
        }
        return total;
    }

    /** One token per 4 characters, rounded up. */
    static long tokens(String text) {
        return (text.length() + 3L) / 4;
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ').replace("\"", "'");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
