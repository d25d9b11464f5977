package io.clusternode.core.tool;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.AgentProvider;
import io.clusternode.core.spi.ToolProvider;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds tools without implementing {@link ToolProvider} by hand: from {@link Tool}-annotated methods
 * ({@link #from(Object)}) or from a record type and a function ({@link #of}).
 *
 * <p>The argument schema is generated from the Java types:
 * <table>
 *   <caption>Java type to JSON schema</caption>
 *   <tr><th>Java</th><th>JSON schema</th></tr>
 *   <tr><td>{@code String}, {@code CharSequence}</td><td>{@code "string"}</td></tr>
 *   <tr><td>{@code char}, {@code Character}</td><td>{@code "string"} of length 1</td></tr>
 *   <tr><td>{@code boolean}</td><td>{@code "boolean"}</td></tr>
 *   <tr><td>{@code int, long, short, byte}, their boxes, {@code BigInteger}</td><td>{@code "integer"}</td></tr>
 *   <tr><td>{@code double, float}, their boxes, {@code BigDecimal}</td><td>{@code "number"}</td></tr>
 *   <tr><td>an enum</td><td>{@code "string"} with {@code enum} of the constants' names</td></tr>
 *   <tr><td>{@code List<T>}, {@code Set<T>}, {@code Collection<T>}, {@code T[]}</td>
 *       <td>{@code "array"} with {@code items} from {@code T}</td></tr>
 *   <tr><td>{@code Map<String, V>}</td><td>{@code "object"} with {@code additionalProperties} from {@code V}</td></tr>
 *   <tr><td>a record</td><td>{@code "object"} with one property per component (nested records nest)</td></tr>
 *   <tr><td>{@code Optional<T>}</td><td>the schema of {@code T}, and the property is not required</td></tr>
 *   <tr><td>{@code JsonNode}</td><td>any JSON value</td></tr>
 * </table>
 * Every other property is required; objects allow no properties beyond those declared. A type with no
 * mapping fails when the tool is built, with {@code INVALID_INPUT} naming the parameter.
 *
 * <p>Results: a {@code String} is handed to the model as it is, {@code null} as no result, a {@code void}
 * method as {@value MethodTool#VOID_RESULT}, anything else as its JSON (Jackson). A
 * {@link NodeExecutionException} or any other exception thrown by the tool becomes an error message for the
 * model, never a failed run.
 */
public final class Tools {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Tools() {
    }

    /**
     * One tool per {@link Tool}-annotated method of the object (public or not, declared by its class or a
     * superclass), ordered by name. Parameter names come from the class file, so compile with
     * {@code -parameters}, or name parameters with {@link P#name()}.
     *
     * @param target the object whose methods are called; static methods are called without it
     * @throws NodeExecutionException {@code INVALID_INPUT} when the class has no annotated method, two tools
     *         share a name, a parameter's type has no schema mapping, or parameter names are missing
     */
    public static List<ToolProvider> from(Object target) {
        Objects.requireNonNull(target, "target");
        List<ToolProvider> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Method> methods = new ArrayList<>();
        for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Tool.class) && !method.isBridge()) {
                    methods.add(method);
                }
            }
        }
        methods.sort(Comparator.comparing(Method::getName));
        for (Method method : methods) {
            ToolProvider tool = new MethodTool(target, method, method.getAnnotation(Tool.class));
            if (!names.add(tool.name())) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, target.getClass().getSimpleName()
                        + " has two tools named '" + tool.name() + "'; rename one with @Tool(name = ...)");
            }
            tools.add(tool);
        }
        if (tools.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, target.getClass().getName()
                    + " has no method annotated with @Tool");
        }
        return List.copyOf(tools);
    }

    /**
     * A tool whose arguments are described by a record and whose work is a function of it, e.g.
     * {@code Tools.of("get_weather", "Current weather in a city", City.class, city -> weather.of(city.name()))}.
     *
     * @param name the name the model calls the tool by: letters, digits, {@code _} and {@code -}
     * @param description what the tool does, written for the model
     * @param argumentType the record whose components are the arguments ({@link P} describes them)
     * @param body computes the result (see the class description for how results are handed to the model)
     * @throws NodeExecutionException {@code INVALID_INPUT} for an invalid name or a component type with no
     *         schema mapping
     */
    public static <A extends Record> ToolProvider of(String name, String description, Class<A> argumentType,
            Function<? super A, ?> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argumentType, "argumentType");
        Objects.requireNonNull(body, "body");
        return new RecordTool<>(name, description, argumentType, body);
    }

    /**
     * The arguments of an agent offered as a tool ({@link #ofAgent}).
     *
     * @param message what to ask the agent
     * @param session the conversation to continue; the agent's configured session when absent
     */
    public record AgentRequest(
            @P("The message for the agent, in full: it sees only this and its own conversation history.") String message,
            @P("A conversation id to continue (letters, digits, '-', '_', '.', ':'); omit it for the default"
                    + " conversation") Optional<String> session) {
    }

    /**
     * An agent offered as a tool ("ask the support agent"): the tool takes a message (and optionally a
     * conversation id), runs the agent with it and returns the agent's answer. The agent's memory, tools and
     * limits apply as in any run; its failures become the tool's error messages.
     *
     * @param name the tool's name, e.g. {@code ask_support}
     * @param description what the agent knows and when to ask it, written for the caller
     * @param agent the agent to run
     * @param config the runs' configuration; {@link AgentRequest#session()} replaces its session when given
     * @throws NodeExecutionException {@code INVALID_INPUT} for an invalid name
     */
    public static ToolProvider ofAgent(String name, String description, AgentProvider agent, AgentConfig config) {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(config, "config");
        return of(name, description, AgentRequest.class, request -> agent.execute(
                List.of(Message.user(request.message())),
                request.session().map(config::withSessionId).orElse(config)).content());
    }

    static void requireValidName(String name, String where) {
        if (!NAME.matcher(name).matches()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, where + ": a tool name has 1 to 64 letters,"
                    + " digits, '_' or '-'");
        }
    }
}
