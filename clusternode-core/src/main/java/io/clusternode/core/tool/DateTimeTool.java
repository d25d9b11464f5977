package io.clusternode.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.ToolProvider;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Tells the current date and time (tool name {@value #NAME}) in a time zone given as an IANA name
 * ({@code Europe/Paris}) or an offset ({@code +02:00}); UTC by default.
 */
public final class DateTimeTool implements ToolProvider {

    public static final String NAME = "current_datetime";

    private static final JsonNode PARAMETERS = Json.parse("""
            {"type":"object",
             "properties":{"timezone":{"type":"string","maxLength":64,
               "description":"IANA time zone such as Europe/Paris or an offset such as +02:00; default UTC"}},
             "additionalProperties":false}""", "datetime schema");

    private static final ToolDefinition TOOL = new ToolDefinition(NAME,
            "Returns the current date, time and weekday in a time zone (ISO-8601).", PARAMETERS);

    private static final NodeDefinition DEFINITION = new NodeDefinition(TOOL.name(), NodeType.TOOL, "Date & Time", 1,
            TOOL.parameters());

    private final Clock clock;

    public DateTimeTool() {
        this(Clock.systemUTC());
    }

    /** A tool reading the given clock (tests pass a fixed one). */
    public DateTimeTool(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ToolDefinition toolDefinition() {
        return TOOL;
    }

    @Override
    public NodeDefinition definition() {
        return DEFINITION;
    }

    /** Reads the clock and formats it: it cannot block or run long. */
    @Override
    public boolean returnsPromptly() {
        return true;
    }

    @Override
    public String execute(JsonNode arguments) {
        String zoneName = arguments.path("timezone").asText("UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName.isBlank() ? "UTC" : zoneName);
        } catch (DateTimeException e) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "unknown time zone '" + zoneName
                    + "'; use an IANA name such as Europe/Paris or an offset such as +02:00");
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        return now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " (" + now.getDayOfWeek()
                .getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ", " + zone.getId() + ")";
    }
}
