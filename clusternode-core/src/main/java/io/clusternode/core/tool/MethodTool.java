package io.clusternode.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.ToolProvider;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Tool}-annotated method as a tool. Everything a call needs — the argument names, one prepared
 * reader per parameter and a {@link MethodHandle} bound to the target and spread over an {@code Object[]} —
 * is built here, at registration, so a call reads the arguments and makes one exact invocation.
 */
final class MethodTool implements ToolProvider {

    /** What a {@code void} tool method tells the model after it returns normally. */
    static final String VOID_RESULT = "done";

    private final ToolDefinition tool;
    private final String[] names;
    private final TypeMapping.Reader[] readers;
    private final MethodHandle handle;
    private final boolean returnsVoid;

    MethodTool(Object target, Method method, Tool annotation) {
        String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
        Tools.requireValidName(name, where);
        Parameter[] parameters = method.getParameters();
        this.names = new String[parameters.length];
        this.readers = new TypeMapping.Reader[parameters.length];
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = Json.MAPPER.createArrayNode();
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            P described = parameter.getAnnotation(P.class);
            String argument = described != null && !described.name().isEmpty() ? described.name() : null;
            if (argument == null) {
                if (!parameter.isNamePresent()) {
                    throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "tool method " + where
                            + ": the class file has no parameter names; compile with the -parameters flag"
                            + " (Maven: maven-compiler-plugin <parameters>true</parameters>) or name each parameter"
                            + " with @P(name = ...)");
                }
                argument = parameter.getName();
            }
            if (properties.has(argument)) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "tool method " + where
                        + " has two parameters named '" + argument + "'");
            }
            String parameterWhere = "parameter '" + argument + "' of tool method " + where;
            properties.set(argument, TypeMapping.schema(parameter.getParameterizedType(),
                    described == null ? null : described.value(), parameterWhere));
            if (!TypeMapping.isOptional(parameter.getParameterizedType())) {
                required.add(argument);
            }
            names[i] = argument;
            readers[i] = TypeMapping.reader(parameter.getParameterizedType(), argument);
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        this.tool = new ToolDefinition(name, annotation.value(), schema);
        this.returnsVoid = method.getReturnType() == void.class;
        this.handle = prepare(target, method, where);
    }

    private static MethodHandle prepare(Object target, Method method, String where) {
        try {
            method.setAccessible(true);
            MethodHandle direct = MethodHandles.lookup().unreflect(method);
            if (!Modifier.isStatic(method.getModifiers())) {
                direct = direct.bindTo(target);
            }
            int count = method.getParameterCount();
            return direct.asType(MethodType.genericMethodType(count)).asSpreader(Object[].class, count);
        } catch (IllegalAccessException | InaccessibleObjectException | SecurityException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "tool method " + where
                    + " cannot be called from ClusterNode: make it public, or open its package to"
                    + " io.clusternode.core", e);
        }
    }

    @Override
    public ToolDefinition toolDefinition() {
        return tool;
    }

    @Override
    public @Nullable String execute(JsonNode arguments) {
        Object[] values = new Object[readers.length];
        for (int i = 0; i < readers.length; i++) {
            values[i] = readers[i].read(arguments.get(names[i]));
        }
        Object result;
        try {
            result = (Object) handle.invokeExact(values);
        } catch (RuntimeException | Error e) {
            // The agent turns these into a message for the model (and logs unexpected ones); Errors end the run.
            throw e;
        } catch (Throwable e) {
            throw failure(tool.name(), e);
        }
        return returnsVoid ? VOID_RESULT : TypeMapping.resultText(result);
    }

    /** A checked exception from a tool, as the tool error the model reads. */
    static NodeExecutionException failure(String name, Throwable e) {
        return new NodeExecutionException(ErrorCode.TOOL_ERROR, "tool '" + name + "' failed: "
                + Redaction.line(e.getClass().getSimpleName() + ": " + e.getMessage()), e);
    }

    @Override
    public String toString() {
        return "tool " + tool.name();
    }
}
