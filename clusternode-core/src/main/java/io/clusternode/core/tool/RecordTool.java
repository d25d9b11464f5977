package io.clusternode.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.ToolProvider;
import java.io.IOException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A tool whose arguments are one record and whose work is a function of it ({@link Tools#of}). */
final class RecordTool<A extends Record> implements ToolProvider {

    private final ToolDefinition tool;
    private final ObjectReader reader;
    private final Function<? super A, ?> body;

    RecordTool(String name, String description, Class<A> argumentType, Function<? super A, ?> body) {
        Tools.requireValidName(name, "tool '" + name + "'");
        this.tool = new ToolDefinition(name, description,
                TypeMapping.recordSchema(argumentType, "the arguments of tool '" + name + "'"));
        this.reader = TypeMapping.MAPPER.readerFor(argumentType);
        this.body = body;
    }

    @Override
    public ToolDefinition toolDefinition() {
        return tool;
    }

    @Override
    public @Nullable String execute(JsonNode arguments) {
        A value;
        try {
            value = reader.readValue(arguments);
        } catch (IOException e) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "the arguments of tool '" + tool.name()
                    + "' cannot be read: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage() : e.getMessage()));
        }
        return TypeMapping.resultText(body.apply(value));
    }

    @Override
    public String toString() {
        return "tool " + tool.name();
    }
}
