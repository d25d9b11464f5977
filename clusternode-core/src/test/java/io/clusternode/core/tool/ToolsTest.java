package io.clusternode.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.tools.JavaCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsTest {

    enum Unit { CELSIUS, FAHRENHEIT }

    record Point(@P("degrees north") double lat, @P("degrees east") double lon) {
    }

    record Place(@P("the place's name") String name, Point where, Optional<List<String>> tags) {
    }

    public static final class Weather {
        @Tool("Current temperature in a city")
        public String forecast(@P("city name, e.g. Paris") String city, @P("temperature unit") Unit unit,
                Optional<Integer> days) {
            return city + " " + unit + " " + days.map(String::valueOf).orElse("today");
        }

        @Tool(value = "Adds numbers", name = "sum_all")
        int sum(int[] values, List<Long> more, boolean negate) {
            long total = 0;
            for (int v : values) {
                total += v;
            }
            for (long v : more) {
                total += v;
            }
            return (int) (negate ? -total : total);
        }

        @Tool("Describes a place")
        Map<String, Object> describe(Place place, Map<String, Integer> counts, char initial, Set<Unit> units) {
            return Map.of("name", place.name(), "lat", place.where().lat(), "tags", place.tags().orElse(List.of()),
                    "count", counts.size(), "initial", String.valueOf(initial), "units", units.size());
        }

        @Tool("Forgets everything")
        void reset() {
        }

        @Tool("Returns nothing")
        String nothing() {
            return null;
        }

        @Tool("Reads a file")
        String read(String path) throws IOException {
            throw new IOException("no such file: " + path);
        }

        public String notATool() {
            return "x";
        }
    }

    private static ToolProvider tool(List<ToolProvider> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode args(String json) {
        return Json.parse(json, "test arguments");
    }

    @Test
    void everyAnnotatedMethodBecomesOneToolOrderedByName() {
        List<ToolProvider> tools = Tools.from(new Weather());
        assertThat(tools).extracting(ToolProvider::name)
                .containsExactly("describe", "forecast", "nothing", "read", "reset", "sum_all");
        ToolProvider forecast = tool(tools, "forecast");
        assertThat(forecast.description()).isEqualTo("Current temperature in a city");
        assertThat(forecast.type()).isEqualTo(NodeType.TOOL);
        assertThat(forecast.definition().kind()).isEqualTo("forecast");
        assertThat(forecast.toolDefinition().parameters()).isSameAs(forecast.parameters());
    }

    @Test
    void schemaOfScalarsEnumsAndOptional() {
        JsonNode schema = tool(Tools.from(new Weather()), "forecast").parameters();
        assertThat(schema).isEqualTo(Json.parse("""
                {"type":"object","properties":{
                  "city":{"type":"string","description":"city name, e.g. Paris"},
                  "unit":{"type":"string","enum":["CELSIUS","FAHRENHEIT"],"description":"temperature unit"},
                  "days":{"type":"integer"}},
                 "required":["city","unit"],"additionalProperties":false}""", "expected"));
    }

    @Test
    void schemaOfArraysListsRecordsMapsAndCharacters() {
        List<ToolProvider> tools = Tools.from(new Weather());
        assertThat(tool(tools, "sum_all").parameters()).isEqualTo(Json.parse("""
                {"type":"object","properties":{
                  "values":{"type":"array","items":{"type":"integer"}},
                  "more":{"type":"array","items":{"type":"integer"}},
                  "negate":{"type":"boolean"}},
                 "required":["values","more","negate"],"additionalProperties":false}""", "expected"));
        assertThat(tool(tools, "describe").parameters()).isEqualTo(Json.parse("""
                {"type":"object","properties":{
                  "place":{"type":"object","properties":{
                     "name":{"type":"string","description":"the place's name"},
                     "where":{"type":"object","properties":{
                        "lat":{"type":"number","description":"degrees north"},
                        "lon":{"type":"number","description":"degrees east"}},
                      "required":["lat","lon"],"additionalProperties":false},
                     "tags":{"type":"array","items":{"type":"string"}}},
                   "required":["name","where"],"additionalProperties":false},
                  "counts":{"type":"object","additionalProperties":{"type":"integer"}},
                  "initial":{"type":"string","minLength":1,"maxLength":1},
                  "units":{"type":"array","items":{"type":"string","enum":["CELSIUS","FAHRENHEIT"]}}},
                 "required":["place","counts","initial","units"],"additionalProperties":false}""", "expected"));
        assertThat(tool(tools, "reset").parameters()).isEqualTo(Json.parse(
                "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}", "expected"));
    }

    @Test
    void callsTheMethodWithConvertedArgumentsAndWritesTheResult() {
        List<ToolProvider> tools = Tools.from(new Weather());
        assertThat(tool(tools, "forecast").execute(args("{\"city\":\"Paris\",\"unit\":\"CELSIUS\"}")))
                .isEqualTo("Paris CELSIUS today");
        assertThat(tool(tools, "forecast").execute(args("{\"city\":\"Oslo\",\"unit\":\"FAHRENHEIT\",\"days\":3}")))
                .isEqualTo("Oslo FAHRENHEIT 3");
        assertThat(tool(tools, "sum_all").execute(args("{\"values\":[1,2,3],\"more\":[10],\"negate\":true}")))
                .isEqualTo("-16");
        JsonNode described = Json.parse(tool(tools, "describe").execute(args("""
                {"place":{"name":"Lyon","where":{"lat":45.76,"lon":4.83},"tags":["food"]},
                 "counts":{"a":1,"b":2},"initial":"L","units":["CELSIUS"]}""")), "result");
        assertThat(described).isEqualTo(Json.parse("""
                {"name":"Lyon","lat":45.76,"tags":["food"],"count":2,"initial":"L","units":1}""", "expected"));
        assertThat(tool(tools, "reset").execute(args("{}"))).isEqualTo("done");
        assertThat(tool(tools, "nothing").execute(args("{}"))).isNull();
    }

    @Test
    void theGeneratedSchemaValidatesTheArgumentsBeforeACall() {
        JsonSchemaValidator validator = JsonSchemaValidator.of(tool(Tools.from(new Weather()), "forecast").parameters());
        assertThat(validator.validate(args("{\"city\":\"Paris\",\"unit\":\"KELVIN\",\"extra\":1}")))
                .containsExactlyInAnyOrder("argument 'unit' must be one of [\"CELSIUS\",\"FAHRENHEIT\"], was \"KELVIN\"",
                        "argument 'extra' is not allowed");
        assertThat(validator.validate(args("{\"unit\":\"CELSIUS\",\"days\":\"two\"}")))
                .containsExactlyInAnyOrder("argument 'city' is required", "argument 'days' must be an integer, was a string");
    }

    @Test
    void aCheckedExceptionBecomesAToolErrorNamingTheTool() {
        assertThatThrownBy(() -> tool(Tools.from(new Weather()), "read").execute(args("{\"path\":\"/x\"}")))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR);
                    assertThat(e.getMessage()).isEqualTo("tool 'read' failed: IOException: no such file: /x");
                });
    }

    @Test
    void aRuntimeExceptionReachesTheAgentUnchanged() {
        Object target = new Object() {
            @Tool("fails")
            String fail() {
                throw new IllegalStateException("broken");
            }
        };
        assertThatThrownBy(() -> Tools.from(target).get(0).execute(args("{}")))
                .isInstanceOf(IllegalStateException.class).hasMessage("broken");
    }

    record City(@P("the city") String name, Optional<Unit> unit) {
    }

    @Test
    void theLambdaFormTakesARecordAndAFunction() {
        ToolProvider weather = Tools.of("get_weather", "Current weather in a city", City.class,
                city -> Map.of("city", city.name(), "unit", city.unit().orElse(Unit.CELSIUS)));
        assertThat(weather.name()).isEqualTo("get_weather");
        assertThat(weather.parameters()).isEqualTo(Json.parse("""
                {"type":"object","properties":{
                  "name":{"type":"string","description":"the city"},
                  "unit":{"type":"string","enum":["CELSIUS","FAHRENHEIT"]}},
                 "required":["name"],"additionalProperties":false}""", "expected"));
        assertThat(Json.parse(weather.execute(args("{\"name\":\"Paris\"}")), "result"))
                .isEqualTo(Json.parse("{\"city\":\"Paris\",\"unit\":\"CELSIUS\"}", "expected"));
        assertThat(Json.parse(weather.execute(args("{\"name\":\"Rome\",\"unit\":\"FAHRENHEIT\"}")), "result"))
                .isEqualTo(Json.parse("{\"city\":\"Rome\",\"unit\":\"FAHRENHEIT\"}", "expected"));
        assertThat(Tools.of("echo", "echo", City.class, City::name).execute(args("{\"name\":\"x\"}"))).isEqualTo("x");
    }

    static final class Unmappable {
        @Tool("takes a thread")
        String run(Thread thread) {
            return "";
        }
    }

    record Node(String label, List<Node> children) {
    }

    static final class Recursive {
        @Tool("walks a tree")
        String walk(Node root) {
            return "";
        }
    }

    static final class Twice {
        @Tool(value = "one", name = "same")
        String a() {
            return "";
        }

        @Tool(value = "two", name = "same")
        String b() {
            return "";
        }
    }

    static final class BadName {
        @Tool(value = "spaces", name = "has spaces")
        String a() {
            return "";
        }
    }

    @Test
    void registrationFailsClearlyForWhatASchemaCannotDescribe() {
        assertInvalid(new Unmappable(), "parameter 'thread' of tool method Unmappable.run has type java.lang.Thread,"
                + " which has no JSON schema mapping");
        assertInvalid(new Recursive(), "record Node contains itself");
        assertInvalid(new Twice(), "Twice has two tools named 'same'");
        assertInvalid(new BadName(), "a tool name has 1 to 64 letters");
        assertInvalid(new Object(), "java.lang.Object has no method annotated with @Tool");
        assertThatThrownBy(() -> Tools.of("x", "x", Node.class, n -> ""))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    private static void assertInvalid(Object target, String message) {
        assertThatThrownBy(() -> Tools.from(target)).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void aClassCompiledWithoutParameterNamesFailsAtRegistrationUnlessNamedWithP(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("NoNames.java");
        Files.writeString(source, """
                public class NoNames {
                    @io.clusternode.core.tool.Tool("adds")
                    public int add(int a, int b) { return a + b; }
                }
                """);
        Path named = dir.resolve("Named.java");
        Files.writeString(named, """
                import io.clusternode.core.tool.P;
                public class Named {
                    @io.clusternode.core.tool.Tool("adds")
                    public int add(@P(value = "first", name = "a") int a, @P(value = "second", name = "b") int b) {
                        return a + b;
                    }
                }
                """);
        JavaCompiler compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), source.toString(), named.toString());
        assertThat(status).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Object noNames = loader.loadClass("NoNames").getConstructor().newInstance();
            assertInvalid(noNames, "tool method NoNames.add: the class file has no parameter names;"
                    + " compile with the -parameters flag");
            ToolProvider add = Tools.from(loader.loadClass("Named").getConstructor().newInstance()).get(0);
            assertThat(add.execute(args("{\"a\":2,\"b\":3}"))).isEqualTo("5");
            assertThat(add.parameters().at("/properties/a/description").asText()).isEqualTo("first");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
