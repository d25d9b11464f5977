package io.clusternode.js;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON text of a JavaScript result into plain Java. Written against the streaming parser rather than
 * {@code readValue(Object.class)} to give every number the documented type: {@code Long} when integral and in
 * range, {@code Double} otherwise.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** @param what what produced the text, for messages ("the JavaScript code returned") */
    static Object read(String json, String what) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
            return value(parser, parser.nextToken());
        } catch (StreamConstraintsException e) {
            throw new NodeExecutionException(ErrorCode.EXPRESSION_ERROR,
                    what + " a value that nests too deeply or is too large to pass on");
        } catch (IOException e) {
            throw new NodeExecutionException(ErrorCode.INTERNAL, "cannot read what " + what + ": " + e.getMessage());
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    map.put(name, value(parser, parser.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    yield Double.valueOf(parser.getDoubleValue());
                }
                yield Long.valueOf(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected JSON token " + token);
        };
    }
}
