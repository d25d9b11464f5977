package io.clusternode.js;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * Writes Java values as JSON text that JavaScript turns into plain objects with one {@code JSON.parse}: far
 * cheaper than building them member by member across the language boundary, and the copies it makes are the
 * guest's own (mutable, {@code Array.isArray}, spreadable) while the caller's values stay untouched. Functions
 * cannot travel as JSON: each is written as null and listed with the path of its slot, and the guest puts a
 * callable there after parsing.
 */
final class BindingEncoder {

    private static final ProxyArray NO_FUNCTIONS = ProxyArray.fromArray();

    /** The JSON text and the functions to place into the parsed value ([function, key, key, ...] each). */
    record Encoded(String json, ProxyArray functions) {
    }

    private final PooledContext context;
    private final StringWriter text = new StringWriter(256);
    private final ArrayDeque<Object> path = new ArrayDeque<>();
    private JsonGenerator generator;
    private List<Object> functions;

    /** One encoder per context, reused: a Jackson generator costs more to create than a small item to write. */
    BindingEncoder(PooledContext context) {
        this.context = context;
        this.generator = newGenerator();
    }

    private JsonGenerator newGenerator() {
        try {
            JsonGenerator created = Json.MAPPER.getFactory().createGenerator(text);
            // Each encode writes one root value; without a separator the text holds exactly that value.
            created.setRootValueSeparator(null);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes the binding values as one JSON array (the arguments of the compiled function). */
    Encoded arguments(List<Object> values) {
        return encode(values);
    }

    /** Encodes one value a {@link JsFunction} returned. */
    Encoded value(Object value) {
        return encode(value);
    }

    private Encoded encode(Object root) {
        text.getBuffer().setLength(0);
        path.clear();
        functions = null;
        boolean complete = false;
        try {
            write(root);
            generator.flush();
            complete = true;
        } catch (StreamConstraintsException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                    "a value passed to JavaScript nests too deeply or is too large (does it contain itself?)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!complete) {
                // A value that failed half-way leaves the generator inside it; start the next one clean.
                generator = newGenerator();
            }
        }
        return new Encoded(text.toString(), functions == null ? NO_FUNCTIONS : ProxyArray.fromList(functions));
    }

    private void write(Object value) throws IOException {
        switch (value) {
            case null -> generator.writeNull();
            case String s -> generator.writeString(s);
            case Boolean b -> generator.writeBoolean(b);
            case Integer i -> generator.writeNumber(i);
            case Long l -> generator.writeNumber(l);
            case Double d -> writeDouble(d);
            case Float f -> writeDouble(f);
            case Short s -> generator.writeNumber(s);
            case Byte b -> generator.writeNumber(b);
            case BigInteger b -> generator.writeNumber(b);
            case BigDecimal b -> generator.writeNumber(b);
            case Number n -> writeDouble(n.doubleValue());
            case Map<?, ?> map -> writeMap(map);
            case Collection<?> collection -> writeArray(collection);
            case Object[] array -> writeArray(List.of(array));
            case JsonNode node -> generator.writeTree(node);
            case JsFunction function -> writeFunction(function);
            case Character c -> generator.writeString(c.toString());
            default -> throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                    "a value of type " + value.getClass().getSimpleName() + " cannot be passed to JavaScript; pass null, "
                            + "String, Boolean, Number, List, Map, JsonNode or JsFunction");
        }
    }

    private void writeDouble(double d) throws IOException {
        if (Double.isFinite(d)) {
            generator.writeNumber(d);
        } else {
            // JSON has no NaN or Infinity, and neither do workflow items.
            generator.writeNull();
        }
    }

    private void writeMap(Map<?, ?> map) throws IOException {
        generator.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            generator.writeFieldName(key);
            path.addLast(key);
            write(entry.getValue());
            path.removeLast();
        }
        generator.writeEndObject();
    }

    private void writeArray(Collection<?> collection) throws IOException {
        generator.writeStartArray();
        int index = 0;
        for (Object element : collection) {
            path.addLast(index++);
            write(element);
            path.removeLast();
        }
        generator.writeEndArray();
    }

    private void writeFunction(JsFunction function) throws IOException {
        generator.writeNull();
        if (functions == null) {
            functions = new ArrayList<>(4);
        }
        Object[] entry = new Object[path.size() + 1];
        entry[0] = new HostFunction(function, context);
        int i = 1;
        for (Object key : path) {
            entry[i++] = key;
        }
        functions.add(ProxyArray.fromArray(entry));
    }
}
