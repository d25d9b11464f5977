package io.clusternode.core.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Maps Java types to JSON schema and JSON arguments back to Java values, for annotated and record-typed
 * tools. Both directions are prepared once, when a tool is built; a call only runs the prepared readers.
 */
final class TypeMapping {

    /** The shared mapper plus {@link Optional} support, for reading arguments and writing results. */
    static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(new Jdk8Module());

    /** Turns one argument (the JSON value, or null when absent) into the value a parameter takes. */
    @FunctionalInterface
    interface Reader {
        @Nullable Object read(@Nullable JsonNode value);
    }

    private TypeMapping() {
    }

    static boolean isOptional(Type type) {
        return raw(type) == Optional.class;
    }

    /**
     * The JSON schema of a type.
     *
     * @param where names the type in errors, e.g. {@code parameter 'city' of Weather.forecast}
     * @throws NodeExecutionException {@code INVALID_INPUT} for a type with no JSON schema mapping
     */
    static ObjectNode schema(Type type, @Nullable String description, String where) {
        return schema(type, description, where, new ArrayDeque<>());
    }

    /** The object schema of a record's components: the arguments of a record-typed tool. */
    static ObjectNode recordSchema(Class<?> record, String where) {
        return recordSchema(record, where, new ArrayDeque<>());
    }

    private static ObjectNode schema(Type type, @Nullable String description, String where,
                                     Deque<Class<?>> visiting) {
        ObjectNode schema;
        Class<?> raw = raw(type);
        if (raw == Optional.class) {
            return schema(argument(type, 0, where), description, where, visiting);
        } else if (raw == String.class || raw == CharSequence.class) {
            schema = typed("string");
        } else if (raw == char.class || raw == Character.class) {
            schema = typed("string").put("minLength", 1).put("maxLength", 1);
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema = typed("boolean");
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class
                || raw == BigInteger.class) {
            schema = typed("integer");
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
                || raw == BigDecimal.class) {
            schema = typed("number");
        } else if (raw.isEnum()) {
            schema = typed("string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
        } else if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
            Type item = raw.isArray()
                    ? (type instanceof GenericArrayType generic ? generic.getGenericComponentType() : raw.getComponentType())
                    : argument(type, 0, where);
            schema = typed("array");
            schema.set("items", schema(item, null, where, visiting));
        } else if (Map.class.isAssignableFrom(raw)) {
            if (argument(type, 0, where) != String.class) {
                throw unsupported(where, "a map whose keys are not strings");
            }
            schema = typed("object");
            schema.set("additionalProperties", schema(argument(type, 1, where), null, where, visiting));
        } else if (raw.isRecord()) {
            schema = recordSchema(raw, where, visiting);
        } else if (JsonNode.class.isAssignableFrom(raw)) {
            schema = Json.object();
        } else {
            throw unsupported(where, raw == Void.class ? "a type variable or wildcard (" + type.getTypeName() + ")"
                    : raw.getName());
        }
        if (description != null && !description.isBlank()) {
            schema.put("description", description);
        }
        return schema;
    }

    private static ObjectNode recordSchema(Class<?> record, String where, Deque<Class<?>> visiting) {
        if (!record.isRecord()) {
            throw unsupported(where, record.getName() + " (arguments are described by a record)");
        }
        if (visiting.contains(record)) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, where + ": record " + record.getSimpleName()
                    + " contains itself, which a JSON schema for tool arguments cannot describe");
        }
        visiting.push(record);
        ObjectNode schema = typed("object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = MAPPER.createArrayNode();
        for (RecordComponent component : record.getRecordComponents()) {
            P described = component.getAnnotation(P.class);
            String name = described != null && !described.name().isEmpty() ? described.name() : component.getName();
            properties.set(name, schema(component.getGenericType(), described == null ? null : described.value(),
                    where + " (" + record.getSimpleName() + "." + component.getName() + ")", visiting));
            if (!isOptional(component.getGenericType())) {
                required.add(name);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        visiting.pop();
        return schema;
    }

    /**
     * A reader for one argument of the given type.
     *
     * @param name the argument's name, for errors
     */
    static Reader reader(Type type, String name) {
        Class<?> raw = raw(type);
        if (raw == Optional.class) {
            Reader inner = reader(argument(type, 0, name), name);
            return value -> value == null || value.isNull() ? Optional.empty() : Optional.ofNullable(inner.read(value));
        }
        // The common scalar types skip Jackson's deserializer lookup: the schema was checked before the call.
        if (raw == String.class) {
            return value -> value == null || value.isNull() ? null : value.asText();
        }
        if (raw == int.class || raw == Integer.class) {
            return scalar(raw, name, JsonNode::intValue);
        }
        if (raw == long.class || raw == Long.class) {
            return scalar(raw, name, JsonNode::longValue);
        }
        if (raw == double.class || raw == Double.class) {
            return scalar(raw, name, JsonNode::doubleValue);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return scalar(raw, name, JsonNode::booleanValue);
        }
        ObjectReader reader = MAPPER.readerFor(MAPPER.getTypeFactory().constructType(type));
        boolean primitive = raw.isPrimitive();
        return value -> {
            if (value == null || value.isNull()) {
                return primitive ? missing(name) : null;
            }
            try {
                return reader.readValue(value);
            } catch (IOException e) {
                throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "argument '" + name + "' cannot be read: "
                        + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
            }
        };
    }

    /** The text handed to the model for a tool's return value: a string as it is, anything else as JSON. */
    static @Nullable String resultText(@Nullable Object result) {
        if (result == null || result instanceof String) {
            return (String) result;
        }
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "the tool's result of type "
                    + result.getClass().getSimpleName() + " cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static Reader scalar(Class<?> raw, String name, Function<JsonNode, Object> read) {
        boolean primitive = raw.isPrimitive();
        return value -> {
            if (value == null || value.isNull()) {
                return primitive ? missing(name) : null;
            }
            return read.apply(value);
        };
    }

    private static Object missing(String name) {
        throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "argument '" + name + "' is required");
    }

    private static ObjectNode typed(String type) {
        return Json.object().put("type", type);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            return Array.newInstance(raw(array.getGenericComponentType()), 0).getClass();
        }
        // Type variables and wildcards: no schema can say what a caller will bind them to.
        return Void.class;
    }

    private static Type argument(Type type, int index, String where) {
        if (type instanceof ParameterizedType parameterized
                && (parameterized.getActualTypeArguments()[index] instanceof Class<?>
                || parameterized.getActualTypeArguments()[index] instanceof ParameterizedType
                || parameterized.getActualTypeArguments()[index] instanceof GenericArrayType)) {
            return parameterized.getActualTypeArguments()[index];
        }
        throw unsupported(where, "a raw or wildcard generic type (" + type.getTypeName()
                + "); give its element type, e.g. List<String>");
    }

    private static NodeExecutionException unsupported(String where, String what) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, where + " has type " + what
                + ", which has no JSON schema mapping; use String, a number, boolean, an enum, a List or array,"
                + " Optional, Map<String, ?> or a record of these");
    }
}
