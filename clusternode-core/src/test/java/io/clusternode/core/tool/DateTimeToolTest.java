package io.clusternode.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DateTimeToolTest {

    private static final Instant NOW = Instant.parse("2024-03-15T23:30:00Z");
    private final DateTimeTool tool = new DateTimeTool(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void defaultsToUtc() {
        assertThat(tool.execute(Json.object())).isEqualTo("2024-03-15T23:30:00Z (Friday, UTC)");
        assertThat(tool.execute(Json.object().put("timezone", " "))).isEqualTo("2024-03-15T23:30:00Z (Friday, UTC)");
    }

    @Test
    void convertsToNamedZonesAcrossDateLines() {
        assertThat(tool.execute(Json.object().put("timezone", "Europe/Paris")))
                .isEqualTo("2024-03-16T00:30:00+01:00 (Saturday, Europe/Paris)");
        assertThat(tool.execute(Json.object().put("timezone", "America/New_York")))
                .isEqualTo("2024-03-15T19:30:00-04:00 (Friday, America/New_York)");
        assertThat(tool.execute(Json.object().put("timezone", "Asia/Kolkata")))
                .isEqualTo("2024-03-16T05:00:00+05:30 (Saturday, Asia/Kolkata)");
    }

    @Test
    void acceptsOffsets() {
        assertThat(tool.execute(Json.object().put("timezone", "+02:00")))
                .isEqualTo("2024-03-16T01:30:00+02:00 (Saturday, +02:00)");
    }

    @Test
    void unknownZoneIsAToolError() {
        for (String zone : new String[] {"Mars/Olympus", "not a zone", "+99:00"}) {
            assertThatThrownBy(() -> tool.execute(Json.object().put("timezone", zone)))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR))
                    .hasMessageContaining(zone).hasMessageContaining("Europe/Paris");
        }
    }

    @Test
    void schemaAllowsOnlyTimezone() {
        JsonSchemaValidator validator = JsonSchemaValidator.of(tool.parameters());
        assertThat(validator.validate(Json.object())).isEmpty();
        assertThat(validator.validate(Json.object().put("timezone", "UTC"))).isEmpty();
        assertThat(validator.validate(Json.object().put("zone", "UTC"))).containsExactly("argument 'zone' is not allowed");
        assertThat(tool.name()).isEqualTo(DateTimeTool.NAME);
    }

    @Test
    void readsTheSystemClockByDefault() {
        String now = new DateTimeTool().execute(Json.object());
        assertThat(now).endsWith("UTC)").matches("\\d{4}-\\d{2}-\\d{2}T.*");
    }
}
