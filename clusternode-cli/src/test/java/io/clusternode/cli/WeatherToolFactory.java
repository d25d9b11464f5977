package io.clusternode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.spi.ToolProviderFactory;
import io.clusternode.core.tool.P;
import io.clusternode.core.tool.Tools;
import java.util.List;

/** A tool kind from "a jar on the class path": the test class path declares it as a service. */
public final class WeatherToolFactory implements ToolProviderFactory {

    record City(@P("the city's name") String city) {
    }

    @Override
    public String kind() {
        return "weather";
    }

    @Override
    public String description() {
        return "Made-up weather, for tests.";
    }

    @Override
    public List<ToolProvider> create(JsonNode options, Settings settings) {
        String unit = options.path("unit").asText("C");
        return List.of(Tools.of("get_weather", "Current weather in a city", City.class,
                c -> "21 " + unit + " and sunny in " + c.city()));
    }
}
